// The reasoning items' `encrypted_content` (asked for with `include: ["reasoning.encrypted_content"]`): opaque to the
// client, like the API's Fernet tokens (`gAAAAAB…`), and checked when sent back. The API refuses content it cannot
// verify (tampered, cut, or produced for another organisation) with a 400 `invalid_encrypted_content`; here a scope
// (`x-emulator-scope`) stands for an organisation, so content made under one scope fails under another.

import { createHmac, timingSafeEqual } from "node:crypto";
import { invalidRequest, type EmulatorHttpError } from "../errors.js";
import type { ResponsesInputItem } from "../responses-wire.js";

const PREFIX = "gAAAAAB";
// Not a secret: it only makes content sealed under one scope fail under another, and a changed byte fail everywhere.
const SEAL_KEY = "tessera-emulator-reasoning";

interface Sealed {
  id: string;
  reasoning_tokens: number;
  mac: string;
}

/**
 * Seals a reasoning item's content for its scope: the item id and reasoning token count, with a MAC over both and
 * the scope, base64url-encoded behind the Fernet prefix the API's tokens start with.
 *
 * @example
 * sealReasoning("rs_1", 64, null); // "gAAAAAB eyJpZCI6InJzXzEi…" (without the space)
 */
export function sealReasoning(id: string, reasoningTokens: number, scope: string | null): string {
  const sealed: Sealed = { id, reasoning_tokens: reasoningTokens, mac: mac(id, reasoningTokens, scope) };
  return `${PREFIX}${Buffer.from(JSON.stringify(sealed)).toString("base64url")}`;
}

/**
 * Checks every reasoning item of `input` that carries `encrypted_content`: it must be content this emulator sealed,
 * unchanged, for this scope and for this item id. The first that fails gives the API's 400 (`invalid_encrypted_content`,
 * param null), worded as the API words it (openai/codex#8145; smallmain/vscode-unify-chat-provider#178 quotes the
 * "for item rs_…" form with its reason).
 *
 * @example
 * checkEncryptedReasoning([{ type: "reasoning", id: "rs_1", summary: [], encrypted_content: "gAAAAABbroken" }], null);
 * // throws a 400 invalid_encrypted_content
 */
export function checkEncryptedReasoning(input: string | ReadonlyArray<ResponsesInputItem> | undefined, scope: string | null): void {
  if (typeof input === "string" || input === undefined) return;
  for (const item of input) {
    if (item.type !== "reasoning" || typeof item.encrypted_content !== "string") continue;
    if (!opens(item.encrypted_content, item.id, scope)) throw encryptedContentError(item.id, item.encrypted_content);
  }
}

function opens(content: string, id: string | undefined, scope: string | null): boolean {
  if (!content.startsWith(PREFIX)) return false;
  let sealed: Partial<Sealed>;
  try {
    sealed = JSON.parse(Buffer.from(content.slice(PREFIX.length), "base64url").toString("utf8")) as Partial<Sealed>;
  } catch {
    return false;
  }
  if (typeof sealed !== "object" || sealed === null || typeof sealed.id !== "string" || typeof sealed.reasoning_tokens !== "number" || typeof sealed.mac !== "string") return false;
  if (id !== undefined && id !== sealed.id) return false;
  const expected = Buffer.from(mac(sealed.id, sealed.reasoning_tokens, scope));
  const given = Buffer.from(sealed.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(id: string, reasoningTokens: number, scope: string | null): string {
  return createHmac("sha256", SEAL_KEY).update(JSON.stringify([scope, id, reasoningTokens])).digest("base64url");
}

function encryptedContentError(id: string | undefined, content: string): EmulatorHttpError {
  const subject = id === undefined ? `${content.slice(0, 4)}...${content.slice(-4)}` : `for item ${id}`;
  return invalidRequest(`The encrypted content ${subject} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`, null, "invalid_encrypted_content");
}
