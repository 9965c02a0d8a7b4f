// The checks of a rule's scripted built-in tool results (`respond.webSearch`, `respond.codeInterpreter`, Responses API
// only), in the words of parse-scenario.ts: each problem names its field.

import { describeValue, isRecord } from "../json-values.js";

/**
 * A problem with a scripted built-in result: where (under `respond`) and what is wrong.
 *
 * @example
 * const problem: BuiltInScriptProblem = { field: "codeInterpreter.logs", message: "must be a string, got nothing." };
 */
export interface BuiltInScriptProblem {
  field: string;
  message: string;
}

/**
 * The `respond` fields that script built-in tools.
 *
 * @example
 * BUILT_IN_SCRIPT_KEYS.includes("mcp"); // true
 */
export const BUILT_IN_SCRIPT_KEYS = ["webSearch", "codeInterpreter", "mcp"] as const;

/**
 * The problems of `respond.webSearch` and `respond.codeInterpreter`, with fields relative to `respond`.
 *
 * @example
 * checkBuiltInScripts({ codeInterpreter: { code: 1 } });
 * // [{ field: "codeInterpreter.code", message: "must be a string, got number 1." }, { field: "codeInterpreter.logs", … }]
 */
export function checkBuiltInScripts(respond: Record<string, unknown>): BuiltInScriptProblem[] {
  const problems: BuiltInScriptProblem[] = [];
  const search = respond.webSearch;
  if (search !== undefined) {
    if (!isRecord(search)) problems.push({ field: "webSearch", message: `must be an object (query, results), got ${describeValue(search)}.` });
    else checkSearch(search, problems);
  }
  const code = respond.codeInterpreter;
  if (code !== undefined) {
    if (!isRecord(code)) problems.push({ field: "codeInterpreter", message: `must be an object (code, logs), got ${describeValue(code)}.` });
    else {
      unknownKeys(code, ["code", "logs"], "codeInterpreter", problems);
      for (const key of ["code", "logs"] as const) {
        if (typeof code[key] !== "string") problems.push({ field: `codeInterpreter.${key}`, message: `must be a string, got ${describeValue(code[key])}.` });
      }
    }
  }
  const mcp = respond.mcp;
  if (mcp !== undefined) {
    if (!isRecord(mcp)) problems.push({ field: "mcp", message: `must be an object (serverLabel, tools, call), got ${describeValue(mcp)}.` });
    else checkMcp(mcp, problems);
  }
  return problems;
}

function checkMcp(mcp: Record<string, unknown>, problems: BuiltInScriptProblem[]): void {
  unknownKeys(mcp, ["serverLabel", "tools", "call"], "mcp", problems);
  if (mcp.serverLabel !== undefined && typeof mcp.serverLabel !== "string") problems.push({ field: "mcp.serverLabel", message: `must be a string, got ${describeValue(mcp.serverLabel)}.` });
  if (!Array.isArray(mcp.tools) || mcp.tools.length === 0) {
    problems.push({ field: "mcp.tools", message: `must be a non-empty array of { "name", "description", "inputSchema" }, got ${describeValue(mcp.tools)}.` });
  } else {
    mcp.tools.forEach((tool: unknown, index) => {
      const at = `mcp.tools[${index}]`;
      if (!isRecord(tool)) {
        problems.push({ field: at, message: `must be an object with "name", got ${describeValue(tool)}.` });
        return;
      }
      unknownKeys(tool, ["name", "description", "inputSchema", "annotations"], at, problems);
      if (typeof tool.name !== "string" || tool.name === "") problems.push({ field: `${at}.name`, message: `must be the tool's name, got ${describeValue(tool.name)}.` });
      if (tool.description !== undefined && typeof tool.description !== "string") problems.push({ field: `${at}.description`, message: `must be a string, got ${describeValue(tool.description)}.` });
      for (const key of ["inputSchema", "annotations"] as const) {
        if (tool[key] !== undefined && !isRecord(tool[key])) problems.push({ field: `${at}.${key}`, message: `must be an object, got ${describeValue(tool[key])}.` });
      }
    });
  }
  const call = mcp.call;
  if (call === undefined) return;
  if (!isRecord(call)) {
    problems.push({ field: "mcp.call", message: `must be an object (name, arguments, output, error), got ${describeValue(call)}.` });
    return;
  }
  unknownKeys(call, ["name", "arguments", "output", "error"], "mcp.call", problems);
  if (typeof call.name !== "string" || call.name === "") problems.push({ field: "mcp.call.name", message: `must be the name of a listed tool, got ${describeValue(call.name)}.` });
  if (call.arguments !== undefined && typeof call.arguments !== "string" && !isRecord(call.arguments)) {
    problems.push({ field: "mcp.call.arguments", message: `must be an object or a string, got ${describeValue(call.arguments)}.` });
  }
  for (const key of ["output", "error"] as const) {
    if (call[key] !== undefined && typeof call[key] !== "string") problems.push({ field: `mcp.call.${key}`, message: `must be a string, got ${describeValue(call[key])}.` });
  }
}

function checkSearch(search: Record<string, unknown>, problems: BuiltInScriptProblem[]): void {
  unknownKeys(search, ["query", "results"], "webSearch", problems);
  if (search.query !== undefined && typeof search.query !== "string") problems.push({ field: "webSearch.query", message: `must be a string, got ${describeValue(search.query)}.` });
  if (search.results === undefined) return;
  if (!Array.isArray(search.results) || search.results.length === 0) {
    problems.push({ field: "webSearch.results", message: `must be a non-empty array of { "title", "url", "snippet" }, got ${describeValue(search.results)}.` });
    return;
  }
  search.results.forEach((result: unknown, index) => {
    const at = `webSearch.results[${index}]`;
    if (!isRecord(result)) {
      problems.push({ field: at, message: `must be an object with "title", "url" and "snippet", got ${describeValue(result)}.` });
      return;
    }
    unknownKeys(result, ["title", "url", "snippet"], at, problems);
    for (const key of ["title", "url", "snippet"] as const) {
      if (typeof result[key] !== "string") problems.push({ field: `${at}.${key}`, message: `must be a string, got ${describeValue(result[key])}.` });
    }
    if (typeof result.url === "string" && !URL.canParse(result.url)) problems.push({ field: `${at}.url`, message: `must be an absolute URL, got ${describeValue(result.url)}.` });
  });
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], at: string, problems: BuiltInScriptProblem[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push({ field: `${at}.${key}`, message: `is not a known field; known fields: ${allowed.join(", ")}.` });
  }
}
