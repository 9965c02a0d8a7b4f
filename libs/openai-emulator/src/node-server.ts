import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running HTTP server started by `listen()`. */
export interface ListeningServer {
  /** The base URL to give an OpenAI client; it ends in `/v1`. */
  url: string;
  /** Stops accepting connections, ends open ones (including streams in flight), and resolves when the port is free. */
  close(): Promise<void>;
}

/**
 * Serves a fetch-style handler over node:http. Written here rather than taken from an adapter library because the
 * emulator needs exact control of the socket: a stream that errors must reset the connection, a stream that ends must
 * close it cleanly, and a client that disconnects must cancel the response stream.
 */
export async function serveFetch(
  handler: (request: Request) => Promise<Response>,
  port: number,
  host: string,
): Promise<ListeningServer> {
  const server = createServer((incoming, outgoing) => {
    void handleNodeRequest(handler, incoming, outgoing, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/v1`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handleNodeRequest(
  handler: (request: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  host: string,
): Promise<void> {
  const disconnect = new AbortController();
  outgoing.on("close", () => {
    if (!outgoing.writableFinished) disconnect.abort();
  });
  try {
    const request = await toFetchRequest(incoming, host, disconnect.signal);
    const response = await handler(request);
    await writeFetchResponse(response, outgoing, disconnect.signal);
  } catch {
    // A handler failure after headers were sent can only be reported by dropping the connection.
    outgoing.destroy();
  }
}

async function toFetchRequest(incoming: IncomingMessage, host: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  const method = incoming.method ?? "GET";
  const chunks: Buffer[] = [];
  if (method !== "GET" && method !== "HEAD") {
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
  }
  const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? host}`);
  return new Request(url, {
    method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    signal,
  });
}

async function writeFetchResponse(response: Response, outgoing: ServerResponse, signal: AbortSignal): Promise<void> {
  if (signal.aborted) {
    // The client left before the answer was ready (a `timeout` fault, say): there is no one to write to.
    await response.body?.cancel().catch(() => undefined);
    outgoing.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, headers);
  if (!response.body) {
    outgoing.end();
    return;
  }
  // Headers go out at once, so a client sees the status before the first event (as with the real API).
  outgoing.flushHeaders();
  const reader = response.body.getReader();
  signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined), { once: true });
  let flushed: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const write = writeChunk(outgoing, value);
      flushed = write.flushed;
      if (!write.accepted) await waitForDrain(outgoing, signal);
    }
    outgoing.end();
  } catch {
    // The response stream failed mid-body: drop the connection, as a dropped upstream would. What was written goes
    // out first, so a client sees exactly the events before the failure, then the connection end without the final
    // chunk (undici: "terminated", "other side closed").
    await Promise.race([flushed, new Promise((resolve) => outgoing.once("close", resolve))]);
    outgoing.destroy();
  }
}

// One body chunk; `flushed` settles once it has left for the socket (or the socket failed).
function writeChunk(outgoing: ServerResponse, chunk: Uint8Array): { accepted: boolean; flushed: Promise<void> } {
  let accepted = true;
  const flushed = new Promise<void>((resolve) => {
    accepted = outgoing.write(chunk, () => resolve());
  });
  return { accepted, flushed };
}

function waitForDrain(outgoing: ServerResponse, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    outgoing.once("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
