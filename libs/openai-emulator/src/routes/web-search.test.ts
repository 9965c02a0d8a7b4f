import { describe, expect, it } from "@jest/globals";
import { createTestClient, rawRequest, readSseEvents, user } from "../__tests__/helpers.js";

const request = {
  model: "gpt-4o-search-preview",
  messages: [user("What is the latest news about the Iceland volcano?")],
  web_search_options: { search_context_size: "low" as const },
};

/** The text an annotation's indices point at (they count code points). */
function cited(text: string, annotation: { url_citation: { start_index: number; end_index: number } }): string {
  return [...text].slice(annotation.url_citation.start_index, annotation.url_citation.end_index).join("");
}

describe("web_search_options on the search models", () => {
  it("answers with a url_citation whose indices frame a Markdown link to its url, as the recorded search models do", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create(request);
    const message = completion.choices[0]!.message;
    expect(message.annotations).toHaveLength(1);
    const [annotation] = message.annotations!;
    expect(annotation).toMatchObject({ type: "url_citation", url_citation: { title: expect.any(String) } });
    const { url, title } = annotation!.url_citation;
    expect(url).toMatch(/^https:\/\/[a-z.]+\/\S+\?utm_source=openai$/u);
    expect(title).toMatch(/Iceland/u);
    // Recorded shape (openai/openai-java#297): the span is the parenthesised link, `([site](url))`.
    expect(cited(message.content!, annotation!)).toBe(`([${new URL(url).host}](${url}))`);
    expect(message.content!.endsWith(")")).toBe(true);
    // The same request cites the same page.
    expect((await client.chat.completions.create(request)).choices[0]!.message).toEqual(message);
  });

  it("streams the citations in a delta of their own after the content, equal to the non-streamed answer", async () => {
    const { client, emulator } = createTestClient();
    const whole = (await client.chat.completions.create(request)).choices[0]!.message;
    const events = await readSseEvents(await rawRequest(emulator, "/v1/chat/completions", { body: { ...request, stream: true } }));
    const deltas = events.flatMap((event) => (event === "[DONE]" ? [] : (event.choices as Array<{ delta: Record<string, unknown>; finish_reason: string | null }>)));
    const annotationAt = deltas.findIndex((choice) => choice.delta.annotations !== undefined);
    expect(deltas[annotationAt]!.delta).toEqual({ annotations: whole.annotations });
    expect(deltas.slice(annotationAt + 1).every((choice) => choice.delta.content === undefined)).toBe(true);
    expect(deltas[annotationAt + 1]?.finish_reason).toBe("stop");
    expect(deltas.map((choice) => choice.delta.content ?? "").join("")).toBe(whole.content);
  });

  it("drops a citation the token limit cut, and cites nothing in JSON answers or for other models", async () => {
    const { client } = createTestClient();
    const cut = await client.chat.completions.create({ ...request, max_tokens: 3 });
    expect(cut.choices[0]).toMatchObject({ finish_reason: "length", message: { annotations: [] } });
    const json = await client.chat.completions.create({ ...request, response_format: { type: "json_object" }, messages: [user("Reply in JSON: Iceland news?")] });
    expect(json.choices[0]!.message.annotations).toEqual([]);
    expect(() => JSON.parse(json.choices[0]!.message.content!)).not.toThrow();
    const plain = await client.chat.completions.create({ model: "gpt-4o", messages: request.messages });
    expect(plain.choices[0]!.message.annotations).toEqual([]);
  });
});
