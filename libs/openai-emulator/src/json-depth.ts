// How deeply a JSON text nests, found with one linear scan and no recursion, so that text too deep for the recursive
// code after it (JSON.stringify, validation walks, deepFreeze) is refused before anything recurses into it.

import { invalidRequest, type EmulatorHttpError } from "./errors.js";

/**
 * The deepest nesting of JSON text the emulator accepts in a request body (and parses in the journal): 128 arrays or
 * objects inside each other. Far beyond any real request (structured outputs allow 10 schema levels, which is about 25
 * JSON levels with `properties` and `anyOf`), and far below the depth where recursive code runs out of stack.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether JSON text nests arrays and objects more than `limit` deep. Brackets inside strings do not count; text that
 * is not JSON is scanned the same way (the caller's JSON.parse reports it). Linear in the text, never recursive.
 *
 * @example
 * exceedsJsonDepth('{"a":[[1]]}', 2); // true (3 levels)
 * exceedsJsonDepth('{"a":"[[[["}', 2); // false
 */
export function exceedsJsonDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * The 400 for a body nested deeper than {@link MAX_JSON_DEPTH}, in OpenAI's envelope. The API's own answer to such a
 * body is not recorded (its documented limit is 10 levels of nesting inside a structured-outputs schema), so this
 * wording is the emulator's: it names the limit and the fix rather than failing later with a 500.
 *
 * @example
 * if (exceedsJsonDepth(bodyText)) throw tooDeepError();
 */
export function tooDeepError(where = "The request body"): EmulatorHttpError {
  return invalidRequest(
    `${where} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, which the OpenAI emulator does not accept: ` +
      "no request to the API needs that depth. Flatten the nested value (a JSON schema can use $defs and $ref instead of inlining).",
    null,
    "json_too_deep",
  );
}
