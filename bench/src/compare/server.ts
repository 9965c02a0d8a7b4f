// The comparison server: a minimal OpenAI-compatible HTTP server that answers every chat completion with a body built
// once at start (no tokenizing, no templating per request), so the server is never the bottleneck and costs the same
// for every client. Started by compare.ts as a child process; prints `{"port":N}` when it listens. The path tells it
// what to answer: /invoke/v1/chat/completions (JSON), /text/v1/... (SSE content chunks), /tool/v1/... (SSE tool-call
// argument fragments). It exits when its parent closes stdin.
import { createServer } from "node:http";
import { invokeBody, sizesFromEnv, textBody, toolBody } from "./fixtures.js";

const sizes = sizesFromEnv(process.env);
const bodies: Record<string, { type: string; bytes: Buffer }> = {
  invoke: { type: "application/json", bytes: Buffer.from(invokeBody()) },
  text: { type: "text/event-stream", bytes: Buffer.from(textBody(sizes)) },
  tool: { type: "text/event-stream", bytes: Buffer.from(toolBody(sizes)) },
};

const server = createServer((request, response) => {
  const kind = request.url?.split("/")[1] ?? "";
  const body = bodies[kind];
  request.resume();
  request.on("end", () => {
    if (body === undefined || request.method !== "POST") {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
      return;
    }
    response.writeHead(200, { "content-type": body.type, "content-length": body.bytes.length, "x-request-id": "req_bench" }).end(body.bytes);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
