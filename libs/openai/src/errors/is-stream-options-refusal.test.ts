import { describe, expect, it } from "@jest/globals";
import { BadRequestError, ContextOverflowError, InternalServerError, NotFoundError, TesseraError } from "./errors.js";
import { isStreamOptionsRefusal } from "./is-stream-options-refusal.js";

describe("isStreamOptionsRefusal", () => {
  it.each([
    ["param stream_options", new BadRequestError("Unknown parameter: 'stream_options'.", { status: 400, param: "stream_options", code: "unknown_parameter" })],
    ["param below stream_options", new BadRequestError("Invalid value.", { status: 400, param: "stream_options.include_usage" })],
    ["Azure's wording", new BadRequestError("Unrecognized request argument supplied: stream_options", { status: 400 })],
    ["Azure AI model inference", new BadRequestError("Extra parameters ['stream_options'] are not allowed when extra-parameters is not set", { status: 400 })],
    ["a 422 naming include_usage", new BadRequestError("422 {\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\",\"stream_options\",\"include_usage\"]}]}", { status: 422 })],
    ["only the error body names it", new BadRequestError("422 status code (no body)", { status: 422, cause: { error: { detail: [{ loc: ["body", "stream_options"] }] } } })],
    ["an error body that is a string", new BadRequestError("422", { status: 422, cause: { error: "unknown field `stream_options`" } })],
  ])("recognises %s", (_label, error) => {
    expect(isStreamOptionsRefusal(error)).toBe(true);
  });

  it.each([
    ["another 400", new BadRequestError("Invalid value for 'temperature'.", { status: 400, param: "temperature" })],
    ["a 409", new BadRequestError("stream_options conflict", { status: 409 })],
    ["a 500 that names it", new InternalServerError("stream_options crashed the server", { status: 500 })],
    ["a 404", new NotFoundError("The model `x` does not exist", { status: 404 })],
    ["a context overflow", new ContextOverflowError("This model's maximum context length is 8192 tokens.", { status: 400, code: "context_length_exceeded" })],
    ["an untyped error", new Error("stream_options")],
    ["a TesseraError without status", new TesseraError("stream_options")],
    ["nothing", undefined],
  ])("does not take %s for one", (_label, error) => {
    expect(isStreamOptionsRefusal(error)).toBe(false);
  });
});
