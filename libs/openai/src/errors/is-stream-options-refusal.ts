import { describeErrorBody } from "./describe-error-body.js";
import { BadRequestError } from "./errors.js";

// How servers word it, all seen in the wild: OpenAI-style proxies ("Unknown parameter: 'stream_options'.", param
// stream_options, code unknown_parameter), Azure OpenAI before 2024-10-21 ("Unrecognized request argument supplied:
// stream_options"), Azure AI model inference ("Extra parameters ['stream_options'] are not allowed …"), pydantic
// servers such as Mistral and older vLLM (422, extra_forbidden at loc body.stream_options.include_usage), and Hugging
// Face TGI (422 "unknown field `stream_options`"). The field's name is what they share.
const NAMES_STREAM_OPTIONS = /stream_options|include_usage/i;

/**
 * Whether an error is a server refusing `stream_options` (a 400 or 422 whose `param` is `stream_options`, or whose
 * message or error body names `stream_options` or `include_usage`), as OpenAI-compatible servers that do not know the
 * key answer. Other 400s, and every other error, are not.
 *
 * @example
 * isStreamOptionsRefusal(new BadRequestError("Unrecognized request argument supplied: stream_options", { status: 400 })); // true
 * isStreamOptionsRefusal(new BadRequestError("temperature is too high", { status: 400, param: "temperature" })); // false
 */
export function isStreamOptionsRefusal(error: unknown): error is BadRequestError {
  if (!BadRequestError.isInstance(error) || (error.status !== 400 && error.status !== 422)) return false;
  if (error.param?.startsWith("stream_options")) return true;
  return NAMES_STREAM_OPTIONS.test(error.message) || NAMES_STREAM_OPTIONS.test(describeErrorBody(error.cause));
}
