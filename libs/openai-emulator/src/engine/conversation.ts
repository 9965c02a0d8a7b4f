import { type ChatCompletionRequest, toolName, type WireMessage } from "../wire.js";

/** The text of a message's content: a string as is, text parts joined, other parts left out. */
export function messageText(message: WireMessage | undefined): string {
  const content = message?.content;
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** The last message of the conversation. */
export function lastMessage(request: ChatCompletionRequest): WireMessage | undefined {
  return request.messages[request.messages.length - 1];
}

/** The most recent user message, if any. */
export function lastUserMessage(request: ChatCompletionRequest): WireMessage | undefined {
  return request.messages.findLast((message) => message.role === "user");
}

/** Whether the conversation ends with results of tool (or legacy function) calls the model has not yet answered. */
export function endsWithToolResults(request: ChatCompletionRequest): boolean {
  const role = lastMessage(request)?.role;
  return role === "tool" || role === "function";
}

/** The trailing run of tool results, each with the name of the function it answers. */
export function trailingToolResults(request: ChatCompletionRequest): Array<{ name: string; content: string }> {
  const results: Array<{ name: string; content: string }> = [];
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (!message || (message.role !== "tool" && message.role !== "function")) break;
    const name = message.role === "function" ? (message.name ?? "function") : toolNameFor(request, message.tool_call_id);
    results.unshift({ name, content: messageText(message) });
  }
  return results;
}

/** Stable JSON (object keys sorted), so that equal requests hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function toolNameFor(request: ChatCompletionRequest, toolCallId: string | undefined): string {
  for (const message of request.messages) {
    const call = message.tool_calls?.find((candidate) => candidate.id === toolCallId);
    if (call) return toolName(call);
  }
  return "tool";
}
