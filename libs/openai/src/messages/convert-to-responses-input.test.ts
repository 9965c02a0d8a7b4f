import { describe, expect, it } from "@jest/globals";
import { AIMessage, FunctionMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { InvalidMessageError } from "../errors/errors.js";
import { convertToResponsesInput } from "./convert-to-responses-input.js";

const reasoning = {
  id: "rs_1", type: "reasoning", encrypted_content: "gAAA",
  // As a stream leaves it: summary parts with the index of the part they belong to.
  summary: [{ type: "summary_text", text: "First ", index: 0 }, { type: "summary_text", text: "part.", index: 0 }, { type: "summary_text", text: "Second.", index: 1 }],
};

describe("convertToResponsesInput", () => {
  it("converts system, human, AI (with reasoning and tool calls) and tool messages to input items", () => {
    const ai = new AIMessage({
      content: "Let me check.",
      tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris" }, type: "tool_call" }],
      additional_kwargs: { reasoning, __openai_function_call_ids__: { call_1: "fc_1" } },
    });
    expect(convertToResponsesInput([new SystemMessage("Be brief."), new HumanMessage("Weather?"), ai, new ToolMessage({ content: "Sunny", tool_call_id: "call_1" })])).toEqual([
      { type: "message", role: "system", content: "Be brief." },
      { type: "message", role: "user", content: "Weather?" },
      { id: "rs_1", type: "reasoning", encrypted_content: "gAAA", summary: [{ type: "summary_text", text: "First part." }, { type: "summary_text", text: "Second." }] },
      { type: "message", role: "assistant", content: "Let me check." },
      { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', id: "fc_1" },
      { type: "function_call_output", call_id: "call_1", output: "Sunny" },
    ]);
  });

  it("sends system messages as developer with systemRole: developer", () => {
    expect(convertToResponsesInput([new SystemMessage("Be brief.")], { systemRole: "developer" })).toEqual([{ type: "message", role: "developer", content: "Be brief." }]);
  });

  it("converts text, image and file blocks", () => {
    const human = new HumanMessage({
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } },
        { type: "image_url", image_url: "data:image/png;base64,AAAA" },
        { type: "file", mimeType: "application/pdf", data: "JVBERi0=", metadata: { filename: "a.pdf" } },
      ],
    });
    expect(convertToResponsesInput([human])).toEqual([{
      type: "message", role: "user", content: [
        { type: "input_text", text: "What is this?" },
        { type: "input_image", image_url: "https://example.com/a.png", detail: "low" },
        { type: "input_image", image_url: "data:image/png;base64,AAAA" },
        { type: "input_file", file_data: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf" },
      ],
    }]);
  });

  it("drops reasoning content blocks and keeps text of AI messages given as blocks; keeps a refusal", () => {
    const ai = new AIMessage({ content: [{ type: "reasoning", reasoning: "hm" }, { type: "text", text: "OK" }], additional_kwargs: { refusal: "No." } });
    expect(convertToResponsesInput([ai])).toEqual([{
      type: "message", role: "assistant", content: [{ type: "output_text", text: "OK", annotations: [] }, { type: "refusal", refusal: "No." }],
    }]);
  });

  it("under zdrEnabled leaves out stored item ids and reasoning without encrypted content", () => {
    const ai = new AIMessage({
      content: "",
      tool_calls: [{ id: "call_1", name: "f", args: {}, type: "tool_call" }],
      additional_kwargs: { reasoning: { id: "rs_2", type: "reasoning", summary: [] }, __openai_function_call_ids__: { call_1: "fc_1" } },
    });
    expect(convertToResponsesInput([ai], { zdrEnabled: true })).toEqual([{ type: "function_call", call_id: "call_1", name: "f", arguments: "{}" }]);
  });

  it("sends a tool result's images and files as parts of its function_call_output (Chat Completions takes text only)", () => {
    const result = new ToolMessage({
      tool_call_id: "call_1",
      content: [
        { type: "text", text: "Screenshot:" },
        { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
        { type: "image_url", image_url: { url: "https://example.com/b.png" } },
        { type: "file", mimeType: "application/pdf", data: "JVBERi0=", metadata: { filename: "r.pdf" } },
      ],
    });
    expect(convertToResponsesInput([result])).toEqual([{
      type: "function_call_output", call_id: "call_1", output: [
        { type: "input_text", text: "Screenshot:" },
        { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=" },
        { type: "input_image", image_url: "https://example.com/b.png" },
        { type: "input_file", file_data: "data:application/pdf;base64,JVBERi0=", filename: "r.pdf" },
      ],
    }]);
    const audio = new ToolMessage({ tool_call_id: "call_1", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] });
    expect(() => convertToResponsesInput([audio])).toThrow("Message 0 has an audio block");
  });

  it("refuses FunctionMessage and audio input, naming the message", () => {
    expect(() => convertToResponsesInput([new FunctionMessage({ name: "f", content: "x" })])).toThrow(InvalidMessageError);
    const audio = new HumanMessage({ content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] });
    expect(() => convertToResponsesInput([new HumanMessage("a"), audio])).toThrow("Message 1 has an audio block");
  });
});

describe("convertToResponsesInput with server tool items", () => {
  const webSearch = { id: "ws_1", type: "web_search_call", status: "completed", action: { type: "search", query: "news" } };
  const image = { id: "ig_1", type: "image_generation_call", status: "completed", result: "iVBOR", output_format: "png" };

  it("without the raw output, sends the reasoning item, the server tool items, the text, then the calls; unknown items are left out", () => {
    const ai = new AIMessage({
      content: [{ type: "text", text: "Found it.", annotations: [{ type: "citation", source: "url_citation", url: "https://a.test", title: "A", startIndex: 0, endIndex: 5 }] }],
      tool_calls: [{ id: "call_1", name: "save", args: { note: "x" }, type: "tool_call" }],
      additional_kwargs: { reasoning: { id: "rs_1", type: "reasoning", summary: [] }, tool_outputs: [webSearch, image, { type: "something_new", id: "x_1" }] },
    });
    expect(convertToResponsesInput([ai])).toEqual([
      { id: "rs_1", type: "reasoning", summary: [] },
      webSearch,
      { type: "image_generation_call", id: "ig_1" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Found it.", annotations: [{ type: "url_citation", url: "https://a.test", title: "A", start_index: 0, end_index: 5 }] }] },
      { type: "function_call", call_id: "call_1", name: "save", arguments: '{"note":"x"}' },
    ]);
  });

  it("answers a call with custom_tool_call_output when the ToolMessage says customTool, as @langchain/openai reads it", () => {
    const tool = new ToolMessage({ content: "ok", tool_call_id: "call_9", additional_kwargs: { customTool: true } });
    expect(convertToResponsesInput([tool])).toEqual([{ type: "custom_tool_call_output", call_id: "call_9", output: "ok" }]);
  });

  it("sends a user's MCP approval before the rest of the message, and refuses one without its id", () => {
    const approval = { type: "mcp_approval_response", approval_request_id: "mcpr_1", approve: true, reason: "fine" };
    const human = new HumanMessage({ content: [approval, { type: "text", text: "Go ahead." }] as never });
    expect(convertToResponsesInput([human])).toEqual([
      { type: "mcp_approval_response", approval_request_id: "mcpr_1", approve: true, reason: "fine" },
      { type: "message", role: "user", content: [{ type: "input_text", text: "Go ahead." }] },
    ]);
    const broken = new HumanMessage({ content: [{ type: "mcp_approval_response", approve: true }] as never });
    expect(() => convertToResponsesInput([new HumanMessage("Hi"), broken])).toThrow(InvalidMessageError);
    expect(() => convertToResponsesInput([new HumanMessage("Hi"), broken])).toThrow("Message 1 has an mcp_approval_response block without a string approval_request_id");
  });
});
