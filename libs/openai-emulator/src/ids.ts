import { randomBytes } from "node:crypto";

/** How response, tool-call and request ids are made. */
export type IdMode = "random" | "sequential";

/** Makes the ids an emulator hands out. */
export interface IdSource {
  /** `chatcmpl-` + 29 characters, like the real API's. */
  completion(): string;
  /** `call_` + 24 characters. */
  toolCall(): string;
  /** `req_` + 32 hex characters, for the `x-request-id` header. */
  request(): string;
  /**
   * A Responses API id: the prefix (`resp`, `msg`, `fc`, `fco`, `rs`), an underscore and 50 hex characters, as recorded
   * (`resp_0775572d10a16b66006a8d85285ef487d2ae865d3657af7276`, vercel/ai fixture issue-19493-gpt-5.1-tool-call).
   */
  responses(prefix: ResponsesIdPrefix): string;
  /**
   * A Files or Vector Stores API id: `file-` + 22 letters and digits (`file-1Ys5gS4Amp8EPLv7k8Lo7t`), or `vs_` / `vsfb_`
   * + 32 hex characters (`vs_6870b612c3a48191a3667580690f37c2`, as quoted in public code calling the API).
   */
  resource(prefix: ResourceIdPrefix): string;
}

/** The prefixes of Files (`file`), vector store (`vs`) and vector store file batch (`vsfb`) ids. */
export type ResourceIdPrefix = "file" | "vs" | "vsfb";

/**
 * The prefixes of Responses API ids: responses, message items, function call items, function call output items (`fco_`,
 * as proxies that rewrite item ids spell them), reasoning items, and the built-in tools' items and containers: web
 * search (`ws_`), code interpreter (`ci_`, its container `cntr_`), image generation (`ig_`), custom tool calls (`ctc_`),
 * file search (`fs_`), MCP tool lists (`mcpl_`), calls (`mcp_`) and approval requests (`mcpr_`).
 */
export type ResponsesIdPrefix = "resp" | "msg" | "fc" | "fco" | "rs" | "ws" | "ci" | "cntr" | "ig" | "ctc" | "fs" | "mcpl" | "mcp" | "mcpr";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Random ids are unique per response, as the real API's are (LangGraph merges messages that share an id, so reused
 * ids silently corrupt agent histories). Sequential ids are unique per emulator and identical across runs that send
 * the same requests in the same order, for snapshot tests.
 *
 * @example
 * const ids = createIdSource("sequential");
 * ids.completion(); // "chatcmpl-0000000000000000000000000001"
 */
export function createIdSource(mode: IdMode): IdSource {
  if (mode === "sequential") {
    const counters = { completion: 0, toolCall: 0, request: 0, responses: 0, resource: 0 };
    const next = (key: keyof typeof counters, width: number) => String(++counters[key]).padStart(width, "0");
    return {
      completion: () => `chatcmpl-${next("completion", 29)}`,
      toolCall: () => `call_${next("toolCall", 24)}`,
      request: () => `req_${next("request", 32)}`,
      responses: (prefix) => `${prefix}_${next("responses", 50)}`,
      resource: (prefix) => (prefix === "file" ? `file-${next("resource", 22)}` : `${prefix}_${next("resource", 32)}`),
    };
  }
  return {
    completion: () => `chatcmpl-${randomAlphanumeric(29)}`,
    toolCall: () => `call_${randomAlphanumeric(24)}`,
    request: () => `req_${randomBytes(16).toString("hex")}`,
    responses: (prefix) => `${prefix}_${randomBytes(25).toString("hex")}`,
    resource: (prefix) => (prefix === "file" ? `file-${randomAlphanumeric(22)}` : `${prefix}_${randomBytes(16).toString("hex")}`),
  };
}

function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let text = "";
  // 256 % 62 leaves a slight bias; ids only need uniqueness, not uniformity.
  for (const byte of bytes) text += ALPHANUMERIC.charAt(byte % ALPHANUMERIC.length);
  return text;
}
