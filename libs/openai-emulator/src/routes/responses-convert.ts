// The Responses route answers from the same deterministic engine as the chat route: a validated Responses request
// (with the context of the responses it continues) is restated as the Chat Completions request the engine and the
// token counter read. Nothing here is sent anywhere; it is the emulator's own view of the conversation.

import type {
  ResponsesCustomTool,
  ResponsesFunctionTool,
  ResponsesInputItem,
  ResponsesInputPart,
  ResponsesRequest,
  ResponsesTextFormat,
  ResponsesToolChoice,
} from "../responses-wire.js";
import type { ChatCompletionRequest, WireContentPart, WireMessage, WireResponseFormat, WireTool, WireToolCall, WireToolChoice } from "../wire.js";

/**
 * Restates a Responses request as a Chat Completions one: `instructions` become a developer message, the items of
 * `history` (earlier input and output, from `previous_response_id`) and `input` become messages, and tools, tool
 * choice, text format, output limit and reasoning effort take their chat names. `n` is always 1.
 *
 * @example
 * convertResponsesToChat({ model: "gpt-4o-mini", input: "Hi" }, []).messages; // [{ role: "user", content: "Hi" }]
 */
export function convertResponsesToChat(request: ResponsesRequest, history: ReadonlyArray<ResponsesInputItem>): ChatCompletionRequest {
  const messages: WireMessage[] = [];
  if (typeof request.instructions === "string" && request.instructions !== "") messages.push({ role: "developer", content: request.instructions });
  const input: ResponsesInputItem[] = typeof request.input === "string" ? [{ role: "user", content: request.input }] : (request.input ?? []);
  for (const item of [...history, ...input]) appendItem(messages, item);
  // Built-in tools are run by their modules (routes/responses-tools), not by the chat engine.
  const tools: WireTool[] = (request.tools ?? []).flatMap((tool): WireTool[] => (tool.type === "function" || tool.type === "custom" ? [convertTool(tool)] : []));
  const chat: ChatCompletionRequest = { model: request.model, messages, n: 1 };
  if (tools.length > 0) chat.tools = tools;
  if (request.tool_choice !== undefined) chat.tool_choice = convertToolChoice(request.tool_choice);
  if (request.parallel_tool_calls != null) chat.parallel_tool_calls = request.parallel_tool_calls;
  const format = request.text?.format;
  if (format) chat.response_format = convertTextFormat(format);
  if (request.max_output_tokens != null) chat.max_completion_tokens = request.max_output_tokens;
  if (request.reasoning?.effort != null) chat.reasoning_effort = request.reasoning.effort;
  if (request.temperature != null) chat.temperature = request.temperature;
  if (request.top_p != null) chat.top_p = request.top_p;
  return chat;
}

function convertTool(tool: ResponsesFunctionTool | ResponsesCustomTool): WireTool {
  if (tool.type === "custom") {
    const format = tool.format?.type === "grammar" ? { type: "grammar" as const, grammar: { syntax: tool.format.syntax, definition: tool.format.definition } } : tool.format;
    return { type: "custom", custom: { name: tool.name, ...(tool.description !== undefined && { description: tool.description }), ...(format && { format }) } };
  }
  return {
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description != null && { description: tool.description }),
      ...(tool.parameters != null && { parameters: tool.parameters }),
      ...(tool.strict != null && { strict: tool.strict }),
    },
  };
}

function appendCall(messages: WireMessage[], call: WireToolCall): void {
  const last = messages.at(-1);
  // Parallel calls are consecutive items; on Chat Completions they are one assistant message.
  if (last?.role === "assistant" && last.tool_calls) last.tool_calls.push(call);
  else messages.push({ role: "assistant", content: null, tool_calls: [call] });
}

function appendItem(messages: WireMessage[], item: ResponsesInputItem): void {
  switch (item.type) {
    case undefined:
    case "message":
      messages.push({ role: item.role, content: typeof item.content === "string" ? item.content : item.content.map(convertPart) });
      return;
    case "function_call":
      appendCall(messages, { id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } });
      return;
    case "custom_tool_call":
      appendCall(messages, { id: item.call_id, type: "custom", custom: { name: item.name, input: item.input } });
      return;
    case "function_call_output":
    case "custom_tool_call_output":
      messages.push({ role: "tool", tool_call_id: item.call_id, content: toolOutput(item.output) });
      return;
    case "reasoning":
    case "web_search_call":
    case "code_interpreter_call":
    case "image_generation_call":
    case "file_search_call":
    case "mcp_list_tools":
    case "mcp_call":
    case "mcp_approval_request":
    case "mcp_approval_response":
      // Hidden reasoning, and built-in calls (run on the server), are not part of the prompt the engine reads.
      return;
    default: {
      const unknown: never = item;
      throw new TypeError(`Unknown input item ${JSON.stringify(unknown)}`);
    }
  }
}

function convertPart(part: ResponsesInputPart): WireContentPart {
  switch (part.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: part.text };
    case "refusal":
      return { type: "refusal", refusal: part.refusal };
    case "input_image": {
      // An uploaded image (file_id) has no URL here; it is counted like a linked image.
      const url = part.image_url ?? `https://files.invalid/${part.file_id ?? "image"}`;
      return { type: "image_url", image_url: { url, ...(part.detail && part.detail !== "original" && { detail: part.detail }) } };
    }
    case "input_file":
      return {
        type: "file",
        file: {
          ...(part.file_data !== undefined && { file_data: part.file_data }),
          ...(part.file_id != null && { file_id: part.file_id }),
          ...(part.filename !== undefined && { filename: part.filename }),
        },
      };
    default: {
      const unknown: never = part;
      throw new TypeError(`Unknown content part ${JSON.stringify(unknown)}`);
    }
  }
}

// A text-only output is the tool message's text; one with images or files keeps them as parts, so they are counted
// (Chat Completions has no such tool message, but the counter and the engine read parts in any role).
function toolOutput(output: string | ReadonlyArray<ResponsesInputPart>): string | WireContentPart[] {
  if (typeof output === "string") return output;
  if (output.every((part) => "text" in part)) return output.map((part) => ("text" in part ? part.text : "")).join("");
  return output.map(convertPart);
}

// A choice of a built-in tool concerns the built-in modules; the engine then writes text. An `allowed_tools` list keeps
// its function and custom tools (none left: no call).
function convertToolChoice(choice: ResponsesToolChoice): WireToolChoice {
  if (typeof choice === "string") return choice;
  switch (choice.type) {
    case "function":
      return { type: "function", function: { name: choice.name } };
    case "custom":
      return { type: "custom", custom: { name: choice.name } };
    case "allowed_tools": {
      const tools = choice.tools.flatMap((tool) =>
        tool.type === "function" || tool.type === "custom" ? [{ type: tool.type, [tool.type]: { name: tool.name } }] : [],
      );
      return tools.length > 0 ? { type: "allowed_tools", allowed_tools: { mode: choice.mode, tools } } : "none";
    }
    default:
      return "none";
  }
}

function convertTextFormat(format: ResponsesTextFormat): WireResponseFormat {
  switch (format.type) {
    case "text":
    case "json_object":
      return { type: format.type };
    case "json_schema":
      return {
        type: "json_schema",
        json_schema: {
          name: format.name,
          schema: format.schema,
          ...(format.description !== undefined && { description: format.description }),
          ...(format.strict != null && { strict: format.strict }),
        },
      };
    default: {
      const unknown: never = format;
      throw new TypeError(`Unknown text format ${JSON.stringify(unknown)}`);
    }
  }
}
