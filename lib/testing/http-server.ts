import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { at: number; method: string; path: string; query: URLSearchParams; headers: IncomingMessage["headers"]; body: string };
export type Answer = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/**
 * A local HTTP server for tests that stands in for a third-party API: it records every request and
 * answers with what the test's handler returns (which checks the request the way the service
 * documents it, and can answer 429 or 5xx).
 */
export async function startServer(handler: (req: Received) => Answer | Promise<Answer>): Promise<{ url: string; requests: Received[]; violations: string[]; close: () => Promise<void> }> {
  const requests: Received[] = [];
  const violations: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const received: Received = { at: Date.now(), method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(received);
      let answer: Answer;
      try {
        answer = await handler(received);
      } catch (e) {
        violations.push(`${received.method} ${received.path}: ${(e as Error).message}`);
        answer = { status: 400, body: { error: { message: (e as Error).message } } };
      }
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      const body = answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Throws (the server answers 400 with the message) when a documented rule is broken. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
