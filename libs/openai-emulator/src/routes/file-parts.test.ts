import { describe, expect, it } from "@jest/globals";
import OpenAI, { toFile } from "openai";
import { createTestClient } from "../__tests__/helpers.js";

const model = "gpt-4o-mini";
const notes = "Meeting notes: the launch moves to March. Budget approved for two more engineers.";

describe("file_id content parts", () => {
  it("Responses: an input_file naming an uploaded text file is counted as its text", async () => {
    const { client } = createTestClient();
    const file = await client.files.create({ file: await toFile(Buffer.from(notes), "notes.txt"), purpose: "user_data" });
    const withFile = await client.responses.create({
      model,
      input: [{ role: "user", content: [{ type: "input_file", file_id: file.id }, { type: "input_text", text: "Summarise." }] }],
    });
    const withText = await client.responses.create({
      model,
      input: [{ role: "user", content: [{ type: "input_text", text: notes }, { type: "input_text", text: "Summarise." }] }],
    });
    expect(withFile.usage?.input_tokens).toBe(withText.usage?.input_tokens);
    const without = await client.responses.create({ model, input: [{ role: "user", content: [{ type: "input_text", text: "Summarise." }] }] });
    expect(withFile.usage?.input_tokens).toBeGreaterThan((without.usage?.input_tokens ?? 0) + 10);
  });

  it("Responses and Chat Completions: a file_id the scope does not have is a 400", async () => {
    const { client, emulator } = createTestClient();
    const error = { status: 400, error: { message: "Invalid file data: 'file_id'. No such File object: file-missing.", param: "file_id", code: "invalid_value" } };
    await expect(client.responses.create({ model, input: [{ role: "user", content: [{ type: "input_file", file_id: "file-missing" }] }] })).rejects.toMatchObject(error);
    await expect(
      client.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "file", file: { file_id: "file-missing" } }] }] }),
    ).rejects.toMatchObject(error);
    // Another scope's file is not the caller's.
    const other = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: { "x-emulator-scope": "other" } });
    const file = await other.files.create({ file: await toFile(Buffer.from(notes), "notes.pdf"), purpose: "user_data" });
    await expect(client.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "file", file: { file_id: file.id } }] }] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("Chat Completions: a file that is not a PDF is refused with the recorded 400; a PDF is accepted", async () => {
    const { client } = createTestClient();
    const image = await client.files.create({ file: await toFile(Buffer.from([0xff, 0xd8, 0xff]), "photo.jpg", { type: "image/jpeg" }), purpose: "user_data" });
    await expect(client.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "file", file: { file_id: image.id } }] }] })).rejects.toMatchObject({
      status: 400,
      error: {
        message: "Invalid file data: 'file_id'. Expected a file with an application/pdf MIME type, but got unsupported MIME type 'image/jpeg'.",
        param: "file_id",
        code: "invalid_value",
      },
    });
    const pdf = await client.files.create({ file: await toFile(Buffer.from("%PDF-1.7\n"), "paper.pdf", { type: "application/pdf" }), purpose: "user_data" });
    const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "file", file: { file_id: pdf.id } }] }] });
    expect(completion.choices[0]?.message.role).toBe("assistant");
  });
});
