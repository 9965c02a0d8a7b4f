import { describe, expect, it } from "@jest/globals";
import { CHAT_OPENAI_FIELDS } from "../chat-openai-fields.js";
import { ConfigurationError, UnknownOptionError, UnsupportedOptionError } from "../errors/errors.js";
import { checkChatOpenAIFields } from "./check-chat-openai-fields.js";

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("checkChatOpenAIFields", () => {
  it("accepts every name of the field table", () => {
    const fields = Object.fromEntries(Object.keys(CHAT_OPENAI_FIELDS).map((name) => [name, name === "useResponsesApi" ? false : null]));
    expect(() => checkChatOpenAIFields(fields, [])).not.toThrow();
  });

  it("refuses an unknown field with the closest known name", () => {
    const error = thrownBy(() => checkChatOpenAIFields({ model: "gpt-4o", maxToken: 10 }, []));
    expect(UnknownOptionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: "maxToken", suggestion: "maxTokens" });
    expect((error as Error).message).toBe(
      "new ChatOpenAI() got an unknown field `maxToken`. Did you mean `maxTokens`? Unknown fields are refused rather than ignored; request-body keys without a ChatOpenAI field go in `modelKwargs`.",
    );
  });

  it("refuses an unknown field that is close to nothing, pointing to modelKwargs", () => {
    const error = thrownBy(() => checkChatOpenAIFields({ safety_identifier: "user-1" }, []));
    expect(error).toMatchObject({ option: "safety_identifier", suggestion: undefined });
    expect((error as Error).message).toBe(
      "new ChatOpenAI() got an unknown field `safety_identifier`. Unknown fields are refused rather than ignored; request-body keys without a ChatOpenAI field go in `modelKwargs`.",
    );
  });

  it("counts a field set to undefined as not given", () => {
    expect(() => checkChatOpenAIFields({ temprature: undefined, azureOpenAIApiKey: undefined }, [])).not.toThrow();
  });

  it("lets the names a subclass reads through, and suggests them", () => {
    expect(() => checkChatOpenAIFields({ region: "eu" }, ["region"])).not.toThrow();
    expect(thrownBy(() => checkChatOpenAIFields({ regoin: "eu" }, ["region"]))).toMatchObject({ suggestion: "region" });
  });

  it("refuses @langchain/openai's unsupported fields with their own explanation, not as typos", () => {
    for (const name of ["azureOpenAIApiKey", "azureOpenAIEndpoint", "azureADTokenProvider", "deploymentName", "openAIApiVersion", "clientConfig", "prefixMessages", "__includeRawResponse", "completions", "responses"]) {
      const error = thrownBy(() => checkChatOpenAIFields({ [name]: "x" }, []));
      expect(UnsupportedOptionError.isInstance(error)).toBe(true);
      expect(UnknownOptionError.isInstance(error)).toBe(false);
      expect(error).toMatchObject({ option: name });
      expect((error as Error).message).toMatch(new RegExp(`^The field \`${name}\` is not supported by @tessera/openai's ChatOpenAI\\. `));
    }
  });

  it("accepts useResponsesApi, and refuses Responses-only reasoning members only with useResponsesApi: false", () => {
    expect(() => checkChatOpenAIFields({ useResponsesApi: true, reasoning: { effort: "low", summary: "auto" } }, [])).not.toThrow();
    expect(() => checkChatOpenAIFields({ reasoning: { effort: "low", summary: "auto" } }, [])).not.toThrow();
    expect(() => checkChatOpenAIFields({ useResponsesApi: false }, [])).not.toThrow();
    const summary = thrownBy(() => checkChatOpenAIFields({ useResponsesApi: false, reasoning: { effort: "low", summary: "auto" } }, []));
    expect(UnsupportedOptionError.isInstance(summary)).toBe(true);
    expect(summary).toMatchObject({ option: "reasoning.summary" });
  });

  it("refuses zdrEnabled with modelKwargs.store: true", () => {
    const error = thrownBy(() => checkChatOpenAIFields({ zdrEnabled: true, modelKwargs: { store: true } }, []));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("zdrEnabled: true conflicts with modelKwargs.store: true");
    expect(() => checkChatOpenAIFields({ zdrEnabled: false, modelKwargs: { store: true } }, [])).not.toThrow();
  });
});
