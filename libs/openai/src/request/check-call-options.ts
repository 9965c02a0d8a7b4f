import { CHAT_OPENAI_CALL_OPTIONS, CHAT_OPENAI_FIELDS } from "../chat-openai-fields.js";
import { UnsupportedOptionError } from "../errors/errors.js";
import { findClosestName, isSameName } from "../internal/edit-distance.js";

/** Why the Responses API's options are refused on Chat Completions; shared by the constructor check. */
export const RESPONSES_API_NOT_SUPPORTED = "useResponsesApi: false sends it to Chat Completions, which has no such option";

/**
 * Call options of @langchain/openai that make it switch to the Responses API (and ChatOpenAI too, unless
 * `useResponsesApi: false`); Chat Completions has no equivalent.
 *
 * @example
 * RESPONSES_ONLY_CALL_OPTIONS.includes("previous_response_id"); // true
 */
export const RESPONSES_ONLY_CALL_OPTIONS = ["text", "truncation", "include", "previous_response_id"] as const;

/**
 * Keys that LangChain core and LangGraph put into the options a model is called with, beyond ChatOpenAI's own (core:
 * `promptIndex`, streamEvents' `version`; LangGraph's runtime and Pregel options). They are never reported, however
 * close to a known name.
 */
const RUNTIME_CALL_OPTIONS = new Set([
  "promptIndex", "version", "runType",
  "context", "store", "writer", "interrupt", "heartbeat", "executionInfo", "serverInfo", "control",
  "streamMode", "inputKeys", "outputKeys", "interruptBefore", "interruptAfter", "debug", "subgraphs",
  "checkpointDuring", "durability", "cache", "encoding",
  "includeNames", "includeTypes", "includeTags", "excludeNames", "excludeTypes", "excludeTags",
]);

const CALL_OPTION_NAMES: readonly string[] = Object.keys(CHAT_OPENAI_CALL_OPTIONS);
/** ChatOpenAI's constructor fields that are not call options, e.g. `temperature`. */
const CONSTRUCTOR_ONLY_NAMES: readonly string[] = Object.entries(CHAT_OPENAI_FIELDS)
  .filter(([name, origin]) => origin === "chat-openai" && !Object.hasOwn(CHAT_OPENAI_CALL_OPTIONS, name))
  .map(([name]) => name);

/**
 * Checks a call's options before a request is built. On Chat Completions (`api` "chat", the default), the Responses
 * API's options (`text`, `truncation`, `include`, `previous_response_id`; `reasoning` members other than `effort`)
 * throw an UnsupportedOptionError naming `useResponsesApi: true`; on the Responses API they pass. An unknown key is not an error, since runtimes add
 * keys of their own, but one that looks like a mistake is returned as a warning: a constructor field passed per call
 * (`temperature`), or a name close to a known one (`tool_choise`).
 *
 * @example
 * checkCallOptions({ tool_choise: "auto" });
 * // ["Call option `tool_choise` is unknown and was ignored; did you mean `tool_choice`?"]
 */
export function checkCallOptions(options: object, api: "chat" | "responses" = "chat"): string[] {
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || RUNTIME_CALL_OPTIONS.has(name)) continue;
    if (api === "responses" && Object.hasOwn(CHAT_OPENAI_CALL_OPTIONS, name)) continue;
    if ((RESPONSES_ONLY_CALL_OPTIONS as readonly string[]).includes(name) || (name === "usePreviousResponseId" && value === true)) {
      throw new UnsupportedOptionError(
        `The call option \`${name}\` belongs to the Responses API, and ${RESPONSES_API_NOT_SUPPORTED}. Set useResponsesApi: true (or leave it unset: a call with this option then goes to the Responses API), or remove it; nothing was sent.`,
        { option: name },
      );
    }
    if (Object.hasOwn(CHAT_OPENAI_CALL_OPTIONS, name)) {
      checkKnownOption(name, value, "call option");
      continue;
    }
    const warning = describeUnknownCallOption(name);
    if (warning !== undefined) warnings.push(warning);
  }
  return warnings;
}

/**
 * Refuses, on Chat Completions, the values of known options that only the Responses API could honour (`reasoning`
 * members other than `effort`). Shared by the constructor check; `where` is "field" or "call option".
 *
 * @example
 * checkKnownOption("reasoning", { effort: "low", summary: "auto" }, "field"); // throws UnsupportedOptionError
 */
export function checkKnownOption(name: string, value: unknown, where: string): void {
  if (name === "reasoning" && typeof value === "object" && value !== null) {
    const responsesOnly = Object.entries(value).find(([key, member]) => key !== "effort" && member !== undefined);
    if (responsesOnly !== undefined) {
      const option = `reasoning.${responsesOnly[0]}`;
      throw new UnsupportedOptionError(
        `The ${where} \`${option}\` needs the Responses API, and ${RESPONSES_API_NOT_SUPPORTED}: Chat Completions takes only reasoning.effort (as reasoning_effort). Set useResponsesApi: true (or leave it unset), or remove ${option}.`,
        { option },
      );
    }
  }
}

function describeUnknownCallOption(name: string): string | undefined {
  const field = findClosestName(name, CONSTRUCTOR_ONLY_NAMES);
  const option = findClosestName(name, CALL_OPTION_NAMES);
  if (field !== undefined && (option === undefined || isSameName(name, field))) {
    const prefix = isSameName(name, field)
      ? `\`${name}\` was ignored: it is a constructor field, not a call option.`
      : `Call option \`${name}\` is unknown and was ignored; did you mean the constructor field \`${field}\`?`;
    return `${prefix} Set it with new ChatOpenAI({ ${field} }).`;
  }
  if (option !== undefined) return `Call option \`${name}\` is unknown and was ignored; did you mean \`${option}\`?`;
  return undefined;
}
