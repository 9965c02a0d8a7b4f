// Who may use the emulator's own endpoints (/__emulator/*). They change what every client gets (scenarios, resets) and
// show what every client sent (the journal), so they are not offered to web pages: no CORS headers, cross-origin
// browser requests refused, and, when a control token is set, only requests that carry it.

import { createHash, timingSafeEqual } from "node:crypto";
import { EmulatorHttpError } from "./errors.js";

/** The header that carries the control token (`Authorization: Bearer <token>` is accepted too). */
export const CONTROL_TOKEN_HEADER = "x-emulator-control-token";

const TOKEN_SHAPE = /^[\x21-\x7e]+$/u;

/**
 * Checks a control token given to `createEmulator({ controlToken })` or `--control-token`: visible ASCII, no spaces,
 * so it fits in a header unchanged. Throws a TypeError saying what to fix.
 *
 * @example
 * checkControlToken("s3cret-token"); // returns; checkControlToken("two words") throws
 */
export function checkControlToken(token: string): void {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) {
    throw new TypeError(
      "The control token must be a non-empty string of visible ASCII characters without spaces (it is sent in the " +
        `${CONTROL_TOKEN_HEADER} header), got ${JSON.stringify(token)}.`,
    );
  }
}

/**
 * Refuses a request to a control endpoint that a web page of another origin sent (403), or that lacks the control
 * token when one is set (401), in OpenAI's error envelope. Requests without an `Origin` header (curl, Node, the SDKs,
 * in-process tests) and same-origin pages pass the first check.
 *
 * @example
 * checkControlAccess(request, "s3cret-token"); // throws a 401 unless the request carries the token
 */
export function checkControlAccess(request: Request, token: string | undefined): void {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(request.url).origin) {
    throw new EmulatorHttpError(
      403,
      `The emulator's control endpoints (/__emulator/*) do not answer web pages of another origin (this request came from ${origin}). ` +
        "Call them from a test process, a script or curl; the OpenAI routes (/v1/*) keep answering browser clients.",
      { type: "permission_error", code: "control_origin_refused" },
    );
  }
  if (token === undefined) return;
  const sent = request.headers.get(CONTROL_TOKEN_HEADER) ?? /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.get("authorization") ?? "")?.[1];
  if (sent === undefined || sent === null || sent === "") {
    throw new EmulatorHttpError(
      401,
      `The emulator's control endpoints (/__emulator/*) need the control token this emulator was started with: send it in the ` +
        `${CONTROL_TOKEN_HEADER} header (or as Authorization: Bearer <token>). The CLI prints it at start (--control-token).`,
      { code: "missing_control_token" },
    );
  }
  if (!sameSecret(sent, token)) {
    throw new EmulatorHttpError(
      401,
      `Incorrect control token in the ${CONTROL_TOKEN_HEADER} header (or Authorization): it is not the one this emulator ` +
        "was started with (--control-token, or createEmulator({ controlToken })).",
      { code: "invalid_control_token" },
    );
  }
}

// Hashed first so both sides have one length; timingSafeEqual then gives nothing away through timing.
function sameSecret(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}
