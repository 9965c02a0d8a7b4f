import { describe, expect, it } from "@jest/globals";
import { inflateSync } from "node:zlib";
import { rawRequest } from "../__tests__/helpers.js";
import { createEmulator } from "../emulator.js";
import type { ScenarioRule } from "../scenarios/scenario.js";

// The built-in tools on POST /v1/responses, non-streamed (the streams are in responses-built-in-stream.test.ts). Every
// body here is also checked against the published OpenAPI schemas by the spec oracle (__tests__/openapi).

type Item = Record<string, unknown> & { type: string; id: string };
type Body = Record<string, unknown> & { output: Item[]; tools: Array<Record<string, unknown>>; usage: { input_tokens: number; output_tokens: number } };

const model = "gpt-4o-mini";

async function create(body: Record<string, unknown>, rules: ScenarioRule[] = []): Promise<Body> {
  const response = await rawRequest(createEmulator({ scenarios: { rules } }), "/v1/responses", { body: { model, ...body } });
  const parsed = (await response.json()) as Body;
  expect(response.status).toBe(200);
  return parsed;
}

async function errorOf(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await rawRequest(createEmulator(), "/v1/responses", { body: { model, ...body } });
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

function messageText(body: Body): { text: string; annotations: Array<Record<string, unknown>> } {
  const message = body.output.find((item) => item.type === "message") as { content: Array<{ text: string; annotations: Array<Record<string, unknown>> }> } | undefined;
  const part = message?.content[0];
  return { text: part?.text ?? "", annotations: part?.annotations ?? [] };
}

function slice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join("");
}

describe("web_search", () => {
  const question = "What is the latest news about Mars rovers?";

  it("may call a function tool after searching, in the same response, when the question asks for it", async () => {
    const getWeather = { type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }, strict: true };
    const input = "Search the web for today's news about Paris, then get the weather in Paris with get_weather.";
    const body = await create({ input, tools: [getWeather, { type: "web_search" }] });
    expect(body.output.map((item) => item.type)).toEqual(["web_search_call", "function_call"]);
    expect(JSON.parse(String(body.output[1]?.arguments))).toEqual({ city: "Paris" });
    // Without a function tool the question names, the answer is text after the search, as before.
    const plain = await create({ input: "Search the web for today's news about Paris.", tools: [getWeather, { type: "web_search" }] });
    expect(plain.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    const none = await create({ input, tools: [getWeather, { type: "web_search" }], tool_choice: "none" });
    expect(none.output.map((item) => item.type)).not.toContain("function_call");
  });

  it("searches when the question calls for it: a web_search_call, then an answer citing a page", async () => {
    const body = await create({ input: question, tools: [{ type: "web_search" }] });
    expect(body.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    const [call] = body.output;
    expect(call?.id).toMatch(/^ws_[0-9a-f]{50}$/u);
    expect(call).toEqual({ id: call?.id, type: "web_search_call", status: "completed", action: { type: "search", query: "news mars rovers" } });
    const { text, annotations } = messageText(body);
    expect(annotations).toHaveLength(1);
    const [citation] = annotations as Array<{ type: string; start_index: number; end_index: number; title: string; url: string }>;
    expect(citation?.type).toBe("url_citation");
    expect(citation?.url).toMatch(/^https:\/\/[^/]+\/.*news-mars-rovers\?utm_source=openai$/u);
    // The cited span is the inline link, in code points, as recorded: `([site](url))`.
    expect(slice(text, citation?.start_index ?? 0, citation?.end_index ?? 0)).toMatch(/^\(\[[^\]]+\]\(https:\/\/.+\?utm_source=openai\)\)$/u);
    expect(slice(text, citation?.start_index ?? 0, citation?.end_index ?? 0)).toContain(citation?.url);
  });

  it("echoes the tool with the recorded defaults", async () => {
    const body = await create({ input: question, tools: [{ type: "web_search" }, { type: "web_search_preview", search_context_size: "high" }] });
    expect(body.tools).toEqual([
      { type: "web_search", filters: null, search_context_size: "medium", user_location: { type: "approximate", city: null, country: "US", region: null, timezone: null } },
      { type: "web_search_preview", search_context_size: "high", user_location: null },
    ]);
  });

  it("adds the sources with include web_search_call.action.sources, on the allowed domains only", async () => {
    const body = await create({
      input: question,
      tools: [{ type: "web_search", filters: { allowed_domains: ["nasa.gov", "https://www.esa.int/"] } }],
      include: ["web_search_call.action.sources"],
    });
    const sources = (body.output[0]?.action as { sources: Array<{ type: string; url: string }> }).sources;
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source.url).toMatch(/^https:\/\/(nasa\.gov|www\.esa\.int)\//u);
    expect((messageText(body).annotations[0]?.url as string).startsWith(sources[0]?.url ?? "-")).toBe(true);
  });

  it("does not search for a question that does not call for it, unless the tool choice requires it", async () => {
    const plain = await create({ input: "Tell me about Paris", tools: [{ type: "web_search" }] });
    expect(plain.output.map((item) => item.type)).toEqual(["message"]);
    expect(messageText(plain).annotations).toEqual([]);
    const required = await create({ input: "Tell me about Paris", tools: [{ type: "web_search" }], tool_choice: "required" });
    expect(required.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    const forced = await create({ input: "Tell me about Paris", tools: [{ type: "web_search_preview" }], tool_choice: { type: "web_search_preview" } });
    expect(forced.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    const none = await create({ input: question, tools: [{ type: "web_search" }], tool_choice: "none" });
    expect(none.output.map((item) => item.type)).toEqual(["message"]);
  });

  it("bills the search results as input tokens and the query as output tokens", async () => {
    const searched = await create({ input: question, tools: [{ type: "web_search" }] });
    const unsearched = await create({ input: question, tools: [{ type: "web_search" }], tool_choice: "none" });
    expect(searched.usage.input_tokens).toBeGreaterThan(unsearched.usage.input_tokens + 20);
  });

  it("answers with a scenario's scripted search results and query", async () => {
    const rules: ScenarioRule[] = [
      { respond: { text: "Perseverance found organics.", webSearch: { query: "perseverance organics", results: [{ title: "NASA: organics", url: "https://nasa.gov/organics", snippet: "…" }] } } },
    ];
    const body = await create({ input: question, tools: [{ type: "web_search" }], include: ["web_search_call.action.sources"] }, rules);
    expect(body.output[0]?.action).toEqual({ type: "search", query: "perseverance organics", sources: [{ type: "url", url: "https://nasa.gov/organics" }] });
    const { text, annotations } = messageText(body);
    expect(text).toBe("Perseverance found organics. ([nasa.gov](https://nasa.gov/organics?utm_source=openai))");
    expect(annotations).toEqual([{ type: "url_citation", start_index: 29, end_index: 86, title: "NASA: organics", url: "https://nasa.gov/organics?utm_source=openai" }]);
  });

  it("continues after a search through previous_response_id and with the output replayed as input", async () => {
    const emulator = createEmulator();
    const first = (await (await rawRequest(emulator, "/v1/responses", { body: { model, input: question, tools: [{ type: "web_search" }] } })).json()) as Body & { id: string };
    const next = await rawRequest(emulator, "/v1/responses", { body: { model, input: "Thanks! And on the Moon?", previous_response_id: first.id, tools: [{ type: "web_search" }], tool_choice: "none" } });
    expect(next.status).toBe(200);
    const replayed = await rawRequest(emulator, "/v1/responses", {
      body: { model, store: false, input: [{ role: "user", content: question }, ...first.output, { role: "user", content: "Thanks!" }], tools: [{ type: "web_search" }] },
    });
    expect(replayed.status).toBe(200);
  });

  it("refuses bad fields with the API's parameter errors", async () => {
    expect(await errorOf({ input: "Hi", tools: [{ type: "web_search", search_context_size: "huge" }] })).toMatchObject({ param: "tools[0].search_context_size", code: "invalid_value" });
    expect(await errorOf({ input: "Hi", tools: [{ type: "web_search", colour: "red" }] })).toMatchObject({ param: "tools[0].colour", code: "unknown_parameter" });
    expect(await errorOf({ input: "Hi", tools: [{ type: "web_search_preview", filters: {} }] })).toMatchObject({ param: "tools[0].filters", code: "unknown_parameter" });
    expect(await errorOf({ input: "Hi", tools: [{ type: "web_search", filters: { allowed_domains: "nasa.gov" } }] })).toMatchObject({
      param: "tools[0].filters.allowed_domains",
      code: "invalid_type",
    });
    expect(await errorOf({ input: "Hi", tool_choice: { type: "web_search_preview" } })).toMatchObject({ param: "tool_choice" });
  });
});

describe("code_interpreter", () => {
  const tool = { type: "code_interpreter", container: { type: "auto" } };

  it("shows the Python for simple arithmetic and answers with what it prints", async () => {
    const body = await create({ input: "What is (12 + 30) * 3 / 4?", tools: [tool] });
    expect(body.output.map((item) => item.type)).toEqual(["code_interpreter_call", "message"]);
    const [call] = body.output;
    expect(call?.id).toMatch(/^ci_[0-9a-f]{50}$/u);
    expect(call).toMatchObject({ type: "code_interpreter_call", status: "completed", code: "print((12 + 30) * 3 / 4)\n", outputs: null });
    expect(call?.container_id).toMatch(/^cntr_[0-9a-f]{50}$/u);
    expect(messageText(body).text).toBe("(12 + 30) * 3 / 4 = 31.5.");
    expect(body.tools).toEqual([tool]);
  });

  it("adds the logs with include code_interpreter_call.outputs, and uses a named container", async () => {
    const body = await create({ input: "Compute 2 ** 10 - 24", tools: [{ type: "code_interpreter", container: "cntr_abc" }], include: ["code_interpreter_call.outputs"] });
    expect(body.output[0]).toMatchObject({ container_id: "cntr_abc", code: "print(2 ** 10 - 24)\n", outputs: [{ type: "logs", logs: "1000\n" }] });
    expect(body.tools).toEqual([{ type: "code_interpreter", container: "cntr_abc" }]);
  });

  it("runs a scenario's scripted code", async () => {
    const rules: ScenarioRule[] = [{ respond: { codeInterpreter: { code: "import math\nprint(math.pi)\n", logs: "3.141592653589793\n" } } }];
    const body = await create({ input: "Calculate pi", tools: [tool], include: ["code_interpreter_call.outputs"] }, rules);
    expect(body.output[0]).toMatchObject({ code: "import math\nprint(math.pi)\n", outputs: [{ type: "logs", logs: "3.141592653589793\n" }] });
    expect(messageText(body).text).toContain("3.141592653589793");
  });

  it("leaves questions without arithmetic to the model, and refuses a tool without a container", async () => {
    const body = await create({ input: "Tell me about Paris", tools: [tool] });
    expect(body.output.map((item) => item.type)).toEqual(["message"]);
    expect(await errorOf({ input: "Hi", tools: [{ type: "code_interpreter" }] })).toMatchObject({ param: "tools[0].container" });
  });
});

describe("image_generation", () => {
  it("draws a small deterministic PNG with the settings resolved, then an empty answer", async () => {
    const body = await create({ input: "Draw a red fox in the snow", tools: [{ type: "image_generation" }] });
    expect(body.output.map((item) => item.type)).toEqual(["image_generation_call", "message"]);
    const [call] = body.output;
    expect(call?.id).toMatch(/^ig_[0-9a-f]{50}$/u);
    expect(call).toMatchObject({ status: "completed", background: "opaque", output_format: "png", quality: "medium", size: "1024x1024", revised_prompt: "A red fox in the snow." });
    const png = Buffer.from(String(call?.result), "base64");
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(16);
    const idat = png.indexOf("IDAT");
    const rows = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(rows).toHaveLength(16 * (1 + 16 * 3));
    expect(messageText(body).text).toBe("");
    expect(body.tools).toEqual([{ type: "image_generation", background: "auto", moderation: "auto", n: 1, output_compression: 100, output_format: "png", quality: "auto", size: "auto" }]);
    const again = await create({ input: "Draw a red fox in the snow", tools: [{ type: "image_generation" }] });
    expect(again.output[0]?.result).toBe(call?.result);
    const other = await create({ input: "Draw a blue whale", tools: [{ type: "image_generation" }] });
    expect(other.output[0]?.result).not.toBe(call?.result);
  });

  it("echoes the requested settings and refuses unknown values", async () => {
    const body = await create({ input: "A logo for a bakery", tools: [{ type: "image_generation", size: "1536x1024", quality: "low", background: "transparent" }], tool_choice: { type: "image_generation" } });
    expect(body.output[0]).toMatchObject({ size: "1536x1024", quality: "low", background: "transparent" });
    expect(await errorOf({ input: "Hi", tools: [{ type: "image_generation", size: "huge" }] })).toMatchObject({ param: "tools[0].size", code: "invalid_value" });
  });
});

describe("custom tools", () => {
  const sql = { type: "custom", name: "write_sql", description: "Write a SQL SELECT query.", format: { type: "grammar", syntax: "regex", definition: "^SELECT [a-z]+ FROM users$" } };

  it("calls a custom tool with input that fits its grammar, then answers its output", async () => {
    const emulator = createEmulator();
    const response = await rawRequest(emulator, "/v1/responses", { body: { model, input: "List the users", tools: [sql], tool_choice: { type: "custom", name: "write_sql" } } });
    const body = (await response.json()) as Body & { id: string };
    const [call] = body.output;
    expect(call).toMatchObject({ type: "custom_tool_call", status: "completed", name: "write_sql" });
    expect(call?.id).toMatch(/^ctc_[0-9a-f]{50}$/u);
    expect(call?.input).toMatch(/^SELECT [a-z]+ FROM users$/u);
    expect(body.tools).toEqual([{ type: "custom", name: "write_sql", description: "Write a SQL SELECT query.", format: sql.format }]);
    const next = await rawRequest(emulator, "/v1/responses", {
      body: { model, previous_response_id: body.id, input: [{ type: "custom_tool_call_output", call_id: call?.call_id, output: "alice, bob" }], tools: [sql] },
    });
    const answer = (await next.json()) as Body;
    expect(answer.output.map((item) => item.type)).toEqual(["message"]);
  });

  it("refuses an output without its call, and a forced custom tool that is not offered", async () => {
    expect(await errorOf({ input: [{ type: "custom_tool_call_output", call_id: "call_x", output: "1" }] })).toMatchObject({
      message: "No tool call found for custom tool call output with call_id call_x.",
      param: "input",
    });
    expect(await errorOf({ input: "Hi", tools: [sql], tool_choice: { type: "custom", name: "other" } })).toMatchObject({ param: "tool_choice" });
    expect(await errorOf({ input: "Hi", tools: [{ ...sql, format: { type: "grammar", syntax: "ebnf", definition: "x" } }] })).toMatchObject({
      param: "tools[0].format.syntax",
      code: "invalid_value",
    });
  });
});

describe("built-in tools not served yet", () => {
  it("refuses the computer, shell and apply_patch tools with a 400 that says so", async () => {
    for (const tool of [{ type: "computer_use_preview" }, { type: "shell" }, { type: "local_shell" }, { type: "apply_patch" }]) {
      expect(await errorOf({ input: "Hi", tools: [tool] })).toMatchObject({ param: "tools[0].type", code: "emulator_unsupported_tool" });
    }
  });
});
