import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSegmentBatches } from "./segment-http";

// A local endpoint that checks requests the way Segment's HTTP API documents them:
// POST /v1/batch, JSON body with a `batch` array, HTTP Basic with the write key as user name.
const received: { auth: string | undefined; body: { batch: { messageId: string; type: string }[]; sentAt: string } }[] = [];
let url = "";
const server = createServer(async (req: IncomingMessage, res) => {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  if (req.method !== "POST" || req.url !== "/v1/batch" || req.headers["content-type"] !== "application/json") {
    res.writeHead(400).end();
    return;
  }
  if (raw.length > 500 * 1024) {
    res.writeHead(400).end(JSON.stringify({ error: "batch over 500 KB" }));
    return;
  }
  const body = JSON.parse(raw);
  received.push({ auth: req.headers.authorization, body });
  const okKey = req.headers.authorization === `Basic ${Buffer.from("wk_test:").toString("base64")}`;
  res.writeHead(okKey ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ success: okKey }));
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const gen = { seed: 1, profiles: 50, events: 2_000, endMs: Date.UTC(2026, 10, 1), days: 30 };

describe("Segment HTTP output", () => {
  it("sends every message once in authenticated batches", async () => {
    received.length = 0;
    const r = await sendSegmentBatches({ url, writeKey: "wk_test", gen, batchSize: 100, concurrency: 3 });
    expect(r.failed).toBe(0);
    expect(r.batches).toBe(received.length);
    const ids = received.flatMap((x) => x.body.batch.map((m) => m.messageId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(r.events);
    for (const x of received) {
      expect(x.body.batch.length).toBeLessThanOrEqual(100);
      expect(Date.parse(x.body.sentAt)).not.toBeNaN();
    }
  });
  it("counts rejected batches as failed", async () => {
    const r = await sendSegmentBatches({ url, writeKey: "wrong", gen: { ...gen, profiles: 5, events: 100 } });
    expect(r.events).toBe(0);
    expect(r.failed).toBeGreaterThan(0);
  });
});
