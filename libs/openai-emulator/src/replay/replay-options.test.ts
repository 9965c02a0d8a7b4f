import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { createTempDir } from "./__tests__/replay-fetch.js";
import { createReplayer, type ReplayOptions } from "./replayer.js";

const upstream = { baseURL: "https://api.openai.com/v1" };

let temp: ReturnType<typeof createTempDir>;
beforeEach(() => {
  temp = createTempDir();
  writeFileSync(temp.cassette(), "");
});
afterEach(() => temp.remove());

// Options as plain JavaScript or a config file may pass them, past what the type allows.
const create = (options: Record<string, unknown>) => () => createReplayer({ cassette: temp.cassette(), ...options } as unknown as ReplayOptions);

describe("createReplayer option checks", () => {
  it.each<[string, Record<string, unknown>, string | RegExp]>([
    ["ignoreFields as a string", { ignoreFields: "temperature" }, `'ignoreFields' must be an array of top-level body field names, such as ["temperature"], not "temperature".`],
    ["ignoreFields with a number", { ignoreFields: ["user", 3] }, `'ignoreFields' must be an array of top-level body field names, such as ["temperature"], not ["user",3].`],
    ["an unknown option", { timeing: "original" }, "createReplayer: unknown option 'timeing'; the options are cassette, mode, upstream, timing, ignoreFields."],
    ["a wrongly cased option", { ignorefields: ["seed"] }, "unknown option 'ignorefields' (did you mean 'ignoreFields'?)"],
    ["several unknown options", { cassete: "x", speed: 2 }, "unknown options 'cassete', 'speed'; the options are"],
    [
      "an unknown upstream option",
      { mode: "record", upstream: { baseUrl: "https://api.openai.com/v1" } },
      "unknown 'upstream' option 'upstream.baseUrl' (did you mean 'upstream.baseURL'?); the 'upstream' options are baseURL, apiKey, fetch.",
    ],
    ["an upstream that is not an object", { mode: "record", upstream: "https://api.openai.com/v1" }, `'upstream' must be an object such as { baseURL: "https://api.openai.com/v1" }`],
    ["an upstream.apiKey that is not a string", { mode: "record", upstream: { ...upstream, apiKey: 42 } }, "'upstream.apiKey' must be a string, not 42."],
    ["an upstream.fetch that is not a function", { mode: "record", upstream: { ...upstream, fetch: "fetch" } }, "'upstream.fetch' must be a function"],
    ["a scale with another key", { timing: { scale: 1, jitter: 2 } }, `'timing' must be "instant", "original" or { scale: n } with n >= 0`],
    ["a negative scale", { timing: { scale: -1 } }, `not {"scale":-1}`],
  ])("refuses %s, naming the option and the fix", (_name, options, message) => {
    expect(create(options)).toThrow(message);
  });

  it.each<[ReplayOptions["mode"], string]>([
    [undefined, `mode "replay" (the default) never forwards a request`],
    ["replay", `mode "replay" never forwards a request`],
    ["replay-or-emulate", `mode "replay-or-emulate" never forwards a request`],
  ])("refuses an upstream with mode %s, which would leave it unused", (mode, said) => {
    const check = create({ mode, upstream });
    expect(check).toThrow(`createReplayer: 'upstream' is only used by the modes that record (record, record-missing), and ${said}, so it would be ignored.`);
    expect(check).toThrow(`Set mode "record-missing" (replay what the cassette holds, record the rest) or "record" (record everything afresh), or remove 'upstream'.`);
  });

  it.each<[string, ReplayOptions["timing"]]>([
    ["original", "original"],
    ["a scale", { scale: 0.5 }],
    ["a scale of 0", { scale: 0 }],
  ])("refuses %s timing with mode record, which never replays", (_name, timing) => {
    expect(create({ mode: "record", upstream, timing })).toThrow(`has no effect in mode "record", which never replays`);
  });

  it("accepts instant timing with mode record, a scale of 0 (the same as instant) when replaying, and every valid combination", () => {
    expect(create({ mode: "record", upstream, timing: "instant" })).not.toThrow();
    expect(create({ timing: { scale: 0 } })).not.toThrow();
    expect(create({ mode: "record-missing", upstream: { ...upstream, apiKey: "sk-x", fetch: globalThis.fetch }, timing: "original", ignoreFields: ["seed"] })).not.toThrow();
    expect(create({ mode: "replay-or-emulate", timing: { scale: 2 }, ignoreFields: [], upstream: undefined })).not.toThrow();
  });
});
