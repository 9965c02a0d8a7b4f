import { describe, expect, it } from "@jest/globals";
import { serveFetch } from "./node-server.js";
import { createSseStream, type SseEvent } from "./sse.js";

function sseResponse(events: AsyncIterable<SseEvent>): Response {
  return new Response(createSseStream(events), { headers: { "content-type": "text/event-stream" } });
}

describe("serveFetch", () => {
  it("cancels the response stream when the client disconnects, so generation stops", async () => {
    let stopped!: () => void;
    const generationStopped = new Promise<void>((resolve) => (stopped = resolve));
    let produced = 0;
    async function* endless(): AsyncGenerator<SseEvent> {
      try {
        for (;;) {
          produced++;
          yield { data: { n: produced } };
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        stopped();
      }
    }
    const server = await serveFetch(async () => sseResponse(endless()), 0, "127.0.0.1");
    try {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/stream`, { signal: controller.signal });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await generationStopped;
      const producedAtStop = produced;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(produced).toBe(producedAtStop);
    } finally {
      await server.close();
    }
  });

  it("resets the connection when the response stream fails mid-body", async () => {
    async function* failing(): AsyncGenerator<SseEvent> {
      yield { data: { ok: true } };
      throw new Error("upstream broke");
    }
    const server = await serveFetch(async () => sseResponse(failing()), 0, "127.0.0.1");
    try {
      const response = await fetch(`${server.url}/stream`);
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it("passes method, path, headers and body through, and the status and headers back", async () => {
    const server = await serveFetch(
      async (request) =>
        new Response(JSON.stringify({ method: request.method, path: new URL(request.url).pathname, auth: request.headers.get("authorization"), body: await request.text() }), {
          status: 201,
          headers: { "x-custom": "yes" },
        }),
      0,
      "127.0.0.1",
    );
    try {
      const response = await fetch(`${server.url}/echo`, { method: "POST", headers: { authorization: "Bearer k" }, body: "payload" });
      expect(response.status).toBe(201);
      expect(response.headers.get("x-custom")).toBe("yes");
      expect(await response.json()).toEqual({ method: "POST", path: "/v1/echo", auth: "Bearer k", body: "payload" });
    } finally {
      await server.close();
    }
  });
});
