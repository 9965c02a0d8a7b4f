import { describe, expect, it } from "@jest/globals";
import { runCli } from "./run-cli.js";

describe("openai-emulator CLI: journal flags", () => {
  it("caps the journal by entries and by bytes, truncating big bodies, as the flags say", async () => {
    const server = await runCli(["--port", "0", "--journal-limit", "2", "--journal-max-bytes", "64kb", "--journal-max-body-bytes", "1kb"], () => undefined);
    try {
      const root = server!.url.replace(/\/v1$/u, "");
      for (let index = 0; index < 3; index++) {
        await (
          await fetch(`${server!.url}/chat/completions`, {
            method: "POST",
            headers: { authorization: "Bearer any", "content-type": "application/json" },
            // An unknown model answers at once (404), without loading a tokenizer; its request is journaled all the same.
            body: JSON.stringify({ model: "gpt-9", messages: [{ role: "user", content: `${index} ${"word ".repeat(250)}` }] }),
          })
        ).text();
      }
      const listing = (await (await fetch(`${root}/__emulator/journal`)).json()) as { data: Array<{ seq: number; request: { truncated?: { keptBytes: number } } }> };
      expect(listing.data.map((entry) => entry.seq)).toEqual([2, 3]);
      expect(listing.data.map((entry) => entry.request.truncated?.keptBytes)).toEqual([1024, 1024]);
    } finally {
      await server?.close();
    }
  });

  it.each([
    [["--journal-limit", "1.5"], /--journal-limit must be a whole number of requests/u],
    [["--journal-max-bytes", "lots"], /--journal-max-bytes must be a size of 1 byte or more, such as 1048576, 512kb or 64mb, got "lots"/u],
    [["--journal-max-body-bytes", "0"], /--journal-max-body-bytes must be a size of 1 byte or more/u],
    [["--journal-max-bytes", "12tb"], /--journal-max-bytes must be a size/u],
  ])("rejects %j with a message that says what to fix", async (argv, message) => {
    await expect(runCli(argv, () => undefined)).rejects.toThrow(message);
  });
});
