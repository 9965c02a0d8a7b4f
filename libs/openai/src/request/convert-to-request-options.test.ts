import { describe, expect, it } from "@jest/globals";
import { convertToRequestOptions } from "./convert-to-request-options.js";

describe("convertToRequestOptions", () => {
  it("passes the call's SDK options, then its signal, timeout and maxRetries, which win over the same keys inside options", () => {
    const signal = new AbortController().signal;
    const converted = convertToRequestOptions({ options: { headers: { "x-trace": "1" }, timeout: 1, maxRetries: 9 }, signal, timeout: 2500, maxRetries: 0 });
    expect(converted).toStrictEqual({ headers: { "x-trace": "1" }, signal, timeout: 2500, maxRetries: 0 });
  });

  it("sets no key the call left unset, so the client's own settings apply", () => {
    expect(convertToRequestOptions({ options: { headers: { "x-trace": "1" } } })).toStrictEqual({ headers: { "x-trace": "1" } });
    expect(convertToRequestOptions({})).toStrictEqual({});
  });
});
