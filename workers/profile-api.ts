import http from "node:http";
import { answerDecideRequest, flushDecisions } from "../lib/ml";
import { flushApiReads } from "../lib/privacy";
import { answerProfileRequest } from "../lib/profiles";
import type { WorkerRole } from "./role";

let server: http.Server | null = null;

/**
 * The profile API and the decision API on their own port (`PROFILE_API_PORT`, default 3001), a plain HTTP server without
 * the web app's framework: for personalisation at thousands of requests a second. Runs when named
 * (`npm run worker -- profile-api`), or with the other roles when PROFILE_API_PORT is set.
 */
export const profileApi: WorkerRole = {
  name: "profile-api",
  async start() {
    const port = Number(process.env.PROFILE_API_PORT ?? 3001);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PROFILE_API_PORT: expected a port number, got "${process.env.PROFILE_API_PORT}"`);
    server = http.createServer((req, res) => {
      const started = performance.now();
      const url = new URL(req.url ?? "/", "http://localhost");
      const send = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          "content-type": "application/json",
          "cache-control": "private, no-store",
          "content-length": Buffer.byteLength(text),
          "server-timing": `app;dur=${(performance.now() - started).toFixed(2)}`,
        });
        res.end(text);
      };
      if (req.method === "GET" && url.pathname === "/health") return send(200, { ok: true });
      if (req.method === "POST" && url.pathname === "/api/v1/decide") {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            return send(400, { error: { code: "invalid_input", message: "Send a JSON body like { \"userId\": \"u1\", \"context\": { \"placement\": \"homepage\" } }" } });
          }
          void answerDecideRequest({ authorization: req.headers.authorization ?? null, body }).then((r) => send(r.status, r.body));
        });
        return;
      }
      const m = /^\/api\/v1\/profiles\/([^/]+)$/.exec(url.pathname);
      if (req.method !== "GET" || !m) return send(404, { error: { code: "not_found", message: "GET /api/v1/profiles/{user id | email | anonymous id}, or POST /api/v1/decide" } });
      void answerProfileRequest({ authorization: req.headers.authorization ?? null, identifier: decodeURIComponent(m[1]!), query: url.searchParams }).then((r) => send(r.status, r.body));
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => server!.once("error", reject).listen(port, resolve));
    console.log(`[profile-api] listening on :${port}`);
  },
  async stop() {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await flushApiReads();
    await flushDecisions();
  },
};
