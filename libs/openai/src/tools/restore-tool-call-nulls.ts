import type { AIMessage } from "@langchain/core/messages";
import { type OptionalNullPlan, restoreOptionalNulls } from "./restore-optional-nulls.js";

/**
 * Maps the `null`s of strict tools' optional fields back to absent keys in a message's tool calls, so the arguments
 * satisfy the user's own schema (`{ unit: null }` becomes `{}` when `unit` was optional, not nullable). Updates the
 * message in place (it is always one this package just built) and returns it; a message without matching calls is
 * left alone. Applying it twice changes nothing.
 *
 * @example
 * restoreToolCallNulls(message, restorePlans).tool_calls; // args without the nulls strict mode added
 */
export function restoreToolCallNulls<T extends AIMessage>(message: T, plans: ReadonlyMap<string, OptionalNullPlan>): T {
  if (plans.size === 0 || !message.tool_calls?.some((call) => plans.has(call.name))) return message;
  message.tool_calls = message.tool_calls.map((call) => {
    const plan = plans.get(call.name);
    return plan ? { ...call, args: restoreOptionalNulls(call.args, plan) as Record<string, unknown> } : call;
  });
  // Serialization reads lc_kwargs: keep it in step.
  (message.lc_kwargs as { tool_calls?: unknown }).tool_calls = message.tool_calls;
  return message;
}
