// Credentials the journal never shows whole: a shared journal (a CI log, a bug report) must not leak a key.

const REDACTED = "***";
// Bearer keys, Azure's api-key, the x-api-key of other gateways (Anthropic-style clients), session cookies, and the
// account ids that would tie a shared log to an account.
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "api-key", "x-api-key", "cookie", "openai-organization", "openai-project"]);
// Query parameters that carry credentials: `?api-key=` (Azure), `?key=` (Google-style gateways), tokens and SAS signatures.
const SECRET_QUERY = /^(?:api[-_]?key|x-api-key|key|access[-_]?token|token|auth|authorization|sig|signature|subscription[-_]key|password|secret)$/iu;
// Shorter values would give away too large a share of themselves; 3 characters keep `sk-` / `org` recognisable.
const SHOWN_FROM_LENGTH = 16;
const SHOWN_CHARACTERS = 3;

/**
 * A query string as the journal shows it: credentials (`api-key`, `key`, `access_token`, `token`, `sig`…) redacted.
 *
 * @example
 * redactQuery(new URLSearchParams("api-version=1&api-key=0123456789abcdefgh")); // { "api-version": "1", "api-key": "012***" }
 */
export function redactQuery(params: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of params) result[name] = SECRET_QUERY.test(name) && value !== "" ? redactSecret(value) : value;
  return result;
}

/**
 * Request headers as the journal shows them: credentials redacted (`Bearer sk-***`), the scheme kept.
 *
 * @example
 * redactHeaders(new Headers({ "x-api-key": "sk-ant-0123456789abcdef" })); // { "x-api-key": "sk-***" }
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of headers) result[name] = SECRET_HEADERS.has(name) ? redactHeader(name, value) : value;
  return result;
}

function redactHeader(name: string, value: string): string {
  if (value === "") return value;
  if (name === "cookie") return REDACTED;
  // Keep the scheme (Bearer, Basic): it tells a test which kind of credential was sent.
  const scheme = /^(\S+)\s+(\S.*)$/u.exec(value);
  if ((name === "authorization" || name === "proxy-authorization") && scheme?.[1] && scheme[2]) return `${scheme[1]} ${redactSecret(scheme[2])}`;
  return redactSecret(value);
}

function redactSecret(secret: string): string {
  return secret.length >= SHOWN_FROM_LENGTH ? secret.slice(0, SHOWN_CHARACTERS) + REDACTED : REDACTED;
}
