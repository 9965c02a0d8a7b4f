// Conversation histories as LangChain's standard tests send them (alternating turns, repeated roles, string and list
// content), system and developer instructions, names, and image input: each checked on the exact messages the server
// received, and on an answer that quotes the last user turn (the emulator answers the conversation it was given).
import { describe, expect, it } from "@jest/globals";
import { AIMessage, ChatMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { createConformanceHarness } from "./conformance-harness.js";

const harness = createConformanceHarness();

// A 1x1 black PNG, as LangChain's standard content-block tests use.
const IMAGE_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const IMAGE_DATA_URL = `data:image/png;base64,${IMAGE_BASE64}`;
// Never fetched: the emulator counts an http image without downloading it, and nothing here reaches the network.
const IMAGE_HTTP_URL = "https://upload.wikimedia.org/wikipedia/commons/thumb/3/30/RedDisc.svg/24px-RedDisc.svg.png";

async function sentMessages(): Promise<unknown> {
  const [body] = await harness.requestBodies();
  return body?.messages;
}

describe("conversation histories", () => {
  it("sends human, AI and human turns in order and answers the last one", async () => {
    const answer = await harness.model().invoke([new HumanMessage("hello"), new AIMessage("hello"), new HumanMessage("how are you")]);
    expect(await sentMessages()).toEqual([
      { role: "user", content: "hello" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "how are you" },
    ]);
    expect(answer.text).toContain('You said: "how are you"');
  });

  it("sends back-to-back messages of the same role as separate messages, never merged", async () => {
    const answer = await harness
      .model()
      .invoke([
        new SystemMessage("hello"),
        new SystemMessage("hello"),
        new HumanMessage("hello"),
        new HumanMessage("hello"),
        new AIMessage("hello"),
        new AIMessage("hello"),
        new HumanMessage("how are you"),
      ]);
    expect(await sentMessages()).toEqual([
      { role: "system", content: "hello" },
      { role: "system", content: "hello" },
      { role: "user", content: "hello" },
      { role: "user", content: "hello" },
      { role: "assistant", content: "hello" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "how are you" },
    ]);
    expect(answer.text).toContain('You said: "how are you"');
  });

  it("sends list content as content parts: text parts, and LangChain's standard text block, as OpenAI text parts", async () => {
    const answer = await harness.model().invoke([
      new HumanMessage({ content: [{ type: "text", text: "First part." }, { type: "text", text: "Second part." }] }),
      new AIMessage({ content: [{ type: "text", text: "Noted." }] }),
      new HumanMessage({ content: [{ type: "text", source_type: "text", text: "Hello from a text content block!" }] as never }),
    ]);
    expect(await sentMessages()).toEqual([
      { role: "user", content: [{ type: "text", text: "First part." }, { type: "text", text: "Second part." }] },
      { role: "assistant", content: [{ type: "text", text: "Noted." }] },
      { role: "user", content: [{ type: "text", text: "Hello from a text content block!" }] },
    ]);
    expect(answer.text).toContain('You said: "Hello from a text content block!"');
  });

  it("takes message-like input: a string, [role, text] pairs and { role, content } objects", async () => {
    const llm = harness.model();
    await llm.invoke("plain string");
    await llm.invoke([
      ["system", "Be brief."],
      ["human", "Hi"],
      ["ai", "Hello!"],
      { role: "user", content: "And now?" },
    ]);
    const [first, second] = await harness.requestBodies();
    expect(first?.messages).toEqual([{ role: "user", content: "plain string" }]);
    expect(second?.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "And now?" },
    ]);
  });
});

describe("system and developer instructions", () => {
  it("sends a SystemMessage as system by default and as developer with systemRole: developer", async () => {
    await harness.model().invoke([new SystemMessage("Answer in French."), new HumanMessage("Hi")]);
    await harness.model({ systemRole: "developer" }).invoke([new SystemMessage("Answer in French."), new HumanMessage("Hi")]);
    const [asSystem, asDeveloper] = await harness.requestBodies();
    expect(asSystem?.messages).toEqual([
      { role: "system", content: "Answer in French." },
      { role: "user", content: "Hi" },
    ]);
    expect(asDeveloper?.messages).toEqual([
      { role: "developer", content: "Answer in French." },
      { role: "user", content: "Hi" },
    ]);
  });

  it("sends an explicit developer message as developer, whatever systemRole says: a [developer, text] pair and a ChatMessage", async () => {
    await harness.model().invoke([["developer", "Use metric units."], new HumanMessage("Hi")]);
    await harness.model().invoke([new ChatMessage("Use metric units.", "developer"), new HumanMessage("Hi")]);
    for (const body of await harness.requestBodies()) {
      expect(body.messages).toEqual([
        { role: "developer", content: "Use metric units." },
        { role: "user", content: "Hi" },
      ]);
    }
  });
});

describe("names", () => {
  it("sends each message's name with it (system, user and assistant)", async () => {
    await harness.model().invoke([
      new SystemMessage({ content: "Moderate the chat.", name: "rules" }),
      new HumanMessage({ content: "Hi, I'm Alice.", name: "alice" }),
      new AIMessage({ content: "Hello Alice.", name: "helper" }),
      new HumanMessage({ content: "And I'm Bob.", name: "bob" }),
    ]);
    expect(await sentMessages()).toEqual([
      { role: "system", content: "Moderate the chat.", name: "rules" },
      { role: "user", content: "Hi, I'm Alice.", name: "alice" },
      { role: "assistant", content: "Hello Alice.", name: "helper" },
      { role: "user", content: "And I'm Bob.", name: "bob" },
    ]);
  });
});

describe("image input", () => {
  it("sends image_url parts with a data URL and with an http URL (string and object forms, detail kept)", async () => {
    const answer = await harness.model().invoke([
      new HumanMessage({
        content: [
          { type: "text", text: "Describe both images." },
          { type: "image_url", image_url: IMAGE_DATA_URL },
          { type: "image_url", image_url: { url: IMAGE_HTTP_URL, detail: "low" } },
        ],
      }),
    ]);
    expect(await sentMessages()).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Describe both images." },
          { type: "image_url", image_url: { url: IMAGE_DATA_URL } },
          { type: "image_url", image_url: { url: IMAGE_HTTP_URL, detail: "low" } },
        ],
      },
    ]);
    expect(answer.text).toContain('You said: "Describe both images."');
  });

  it("sends LangChain's standard image blocks (url, base64 and data URL sources) as image_url parts", async () => {
    await harness.model().invoke([
      new HumanMessage({
        content: [
          { type: "text", text: "Three images." },
          { type: "image", source_type: "url", url: IMAGE_HTTP_URL },
          { type: "image", source_type: "base64", data: IMAGE_BASE64, mime_type: "image/png" },
          { type: "image", source_type: "url", url: IMAGE_DATA_URL },
        ] as never,
      }),
    ]);
    expect(await sentMessages()).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Three images." },
          { type: "image_url", image_url: { url: IMAGE_HTTP_URL } },
          { type: "image_url", image_url: { url: IMAGE_DATA_URL } },
          { type: "image_url", image_url: { url: IMAGE_DATA_URL } },
        ],
      },
    ]);
  });

  it("counts an image in the prompt: the same question with an image costs more input tokens", async () => {
    const llm = harness.model();
    const withoutImage = await llm.invoke([new HumanMessage({ content: [{ type: "text", text: "What is this?" }] })]);
    const withImage = await llm.invoke([
      new HumanMessage({ content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: IMAGE_DATA_URL }] }),
    ]);
    expect(withImage.usage_metadata!.input_tokens).toBeGreaterThan(withoutImage.usage_metadata!.input_tokens);
  });
});
