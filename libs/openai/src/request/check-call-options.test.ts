import { describe, expect, it } from "@jest/globals";
import { CHAT_OPENAI_CALL_OPTIONS } from "../chat-openai-fields.js";
import { UnsupportedOptionError } from "../errors/errors.js";
import { checkCallOptions } from "./check-call-options.js";

describe("checkCallOptions", () => {
  it("returns no warning for the known call options", () => {
    const responsesOnly = ["previous_response_id", "include", "text", "truncation"];
    const options = Object.fromEntries(Object.keys(CHAT_OPENAI_CALL_OPTIONS).filter((name) => !responsesOnly.includes(name)).map((name) => [name, name === "useResponsesApi" ? false : null]));
    expect(checkCallOptions(options)).toEqual([]);
    // On the Responses API every known call option passes, its own included.
    expect(checkCallOptions(Object.fromEntries(Object.keys(CHAT_OPENAI_CALL_OPTIONS).map((name) => [name, null])), "responses")).toEqual([]);
  });

  it("warns about a name close to a call option, suggesting it", () => {
    expect(checkCallOptions({ tool_choise: "auto", toolChoice: "auto", reasoningEfort: "low", parallelToolCalls: false })).toEqual([
      "Call option `tool_choise` is unknown and was ignored; did you mean `tool_choice`?",
      "Call option `toolChoice` is unknown and was ignored; did you mean `tool_choice`?",
      "Call option `reasoningEfort` is unknown and was ignored; did you mean `reasoningEffort`?",
      "Call option `parallelToolCalls` is unknown and was ignored; did you mean `parallel_tool_calls`?",
    ]);
  });

  it("warns about a constructor field passed per call, exactly or misspelt", () => {
    expect(checkCallOptions({ temperature: 0, max_tokens: 5, temprature: 0 })).toEqual([
      "`temperature` was ignored: it is a constructor field, not a call option. Set it with new ChatOpenAI({ temperature }).",
      "`max_tokens` was ignored: it is a constructor field, not a call option. Set it with new ChatOpenAI({ maxTokens }).",
      "Call option `temprature` is unknown and was ignored; did you mean the constructor field `temperature`? Set it with new ChatOpenAI({ temperature }).",
    ]);
  });

  it("never warns about the keys core, streamEvents and LangGraph add", () => {
    const runtimeKeys = {
      promptIndex: 0, version: "v2", store: {}, writer: () => undefined, interrupt: () => undefined, control: {}, executionInfo: {},
      context: {}, streamMode: "messages", cache: {}, durability: "sync", subgraphs: true, debug: false,
    };
    expect(checkCallOptions(runtimeKeys)).toEqual([]);
  });

  it("ignores unknown keys that are close to nothing, and options set to undefined", () => {
    expect(checkCallOptions({ thread_id: "1", myAppFlag: true, tool_choise: undefined })).toEqual([]);
  });

  it("refuses the Responses API's options on Chat Completions with an UnsupportedOptionError naming them and useResponsesApi", () => {
    for (const [name, value] of Object.entries({ text: { verbosity: "low" }, truncation: "auto", include: [], previous_response_id: "resp_1" })) {
      let error: unknown;
      try {
        checkCallOptions({ [name]: value });
      } catch (caught) {
        error = caught;
      }
      expect(UnsupportedOptionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ option: name });
      expect((error as Error).message).toBe(
        `The call option \`${name}\` belongs to the Responses API, and useResponsesApi: false sends it to Chat Completions, which has no such option. Set useResponsesApi: true (or leave it unset: a call with this option then goes to the Responses API), or remove it; nothing was sent.`,
      );
    }
  });

  it("accepts useResponsesApi: true, and refuses reasoning members other than effort on Chat Completions", () => {
    expect(checkCallOptions({ useResponsesApi: true })).toEqual([]);
    expect(() => checkCallOptions({ reasoning: { effort: "low", generate_summary: "auto" } })).toThrow("The call option `reasoning.generate_summary` needs the Responses API");
    expect(checkCallOptions({ useResponsesApi: false, reasoning: { effort: "low", summary: undefined } })).toEqual([]);
  });
});
