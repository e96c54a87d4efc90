import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { saveSmtpSettings, smtpSettingsSchema } from "../mail";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { startServer } from "../testing/http-server";
import { startSmtp } from "../testing/smtp";
import { saveJourneySchema } from "./schema";
import { createJourney, publishJourney } from "./store";

const ACTOR = { type: "system" as const, label: "journeys crash test" };
const PEOPLE = 120;
const ROOT = path.resolve(__dirname, "../..");

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startServer>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  hook = await startServer(() => ({ status: 200, body: { ok: true }, delayMs: 30 }));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await smtp.close();
  await hook.close();
  await Promise.all([closePool(), disconnectDb()]);
});

/** The journeys worker as its own process, as it runs in production. */
function startWorker(): ChildProcess {
  // One process (tsx as a loader, not its CLI, which would run the worker in a grandchild that SIGKILL misses).
  const child = spawn(process.execPath, ["--import", "tsx", "workers/run.ts", "journeys"], { cwd: ROOT, env: process.env, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", () => undefined);
  children.push(child);
  return child;
}
const kill = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : (c.once("exit", () => resolve()), c.kill("SIGKILL"))));

async function progress(journeyId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM journey_states WHERE journey_id = $1 AND status <> 'active'", [journeyId]);
  return Number(rows[0]!.n);
}
async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("journey worker killed mid-run", () => {
  it("loses nobody and sends nothing twice", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    await saveSmtpSettings({ workspaceId: ws, actor: ACTOR, input: smtpSettingsSchema.parse({ host: "127.0.0.1", port: smtp.port, fromEmail: "news@shop.example", fromName: "" }) });
    const graph = {
      nodes: [
        { id: "t", type: "trigger", config: { kind: "event", event: "Joined Club", filters: [] } },
        { id: "m", type: "email", config: { subject: "Welcome, {{ profile.first_name }}", html: "<p>Glad you joined.</p>" } },
        { id: "h", type: "webhook", config: { url: `${hook.url}/crm` } },
        { id: "x", type: "exit" },
      ],
      edges: [
        { id: "a", source: "t", target: "m" },
        { id: "b", source: "m", target: "h" },
        { id: "c", source: "h", target: "x" },
      ],
    };
    const j = await createJourney({ workspaceId: ws, actor: ACTOR, input: saveJourneySchema.parse({ name: uniq("Welcome"), graph }) });
    await publishJourney({ workspaceId: ws, actor: ACTOR, journeyId: j.id });

    const now = new Date();
    const people = Array.from({ length: PEOPLE }, (_, i) => `member${i}`);
    await ingestMessages({
      workspaceId: ws,
      sourceId: null,
      messages: people.flatMap((u) => [
        parseMessage({ messageId: uniq("m"), type: "identify", userId: u, traits: { email: `${u}@example.com`, first_name: u, consent: { marketing_email: true } } }, { receivedAt: now }),
        parseMessage({ messageId: uniq("m"), type: "track", userId: u, event: "Joined Club" }, { receivedAt: now }),
      ]),
    });

    // Kill the worker twice while it is sending (mid-batch: its claim rolls back), then let a fresh one finish.
    const sentSoFar = () => smtp.received.length + hook.requests.length;
    for (let round = 0; round < 2; round++) {
      const before = sentSoFar();
      const w = startWorker();
      expect(await waitFor(async () => sentSoFar() > before, 60_000)).toBe(true);
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      await kill(w);
    }
    const last = startWorker();
    expect(await waitFor(async () => (await progress(j.id)) === PEOPLE, 90_000)).toBe(true);
    await kill(last);

    const { rows: states } = await pool().query<{ status: string; node_id: string }>("SELECT status, node_id FROM journey_states WHERE journey_id = $1", [j.id]);
    expect(states).toHaveLength(PEOPLE);
    expect(states.every((s) => s.status === "completed" && s.node_id === "x")).toBe(true);

    const received = smtp.received.filter((m) => m.header("x-northstar-journey")?.startsWith(j.id)).map((m) => m.to[0]!);
    expect(new Set(received).size).toBe(received.length); // nobody got it twice
    const { rows: msgs } = await pool().query<{ channel: string; status: string; recipient: string; state_id: string }>("SELECT channel, status, recipient, state_id::text FROM journey_messages WHERE journey_id = $1", [j.id]);
    const emails = msgs.filter((m) => m.channel === "email");
    expect(emails).toHaveLength(PEOPLE);
    // Every email is sent, or (killed mid-hand-over) unconfirmed; each sent one arrived.
    expect(emails.every((m) => m.status === "sent" || m.status === "unconfirmed")).toBe(true);
    for (const m of emails.filter((x) => x.status === "sent")) expect(received).toContain(m.recipient);
    expect(received.length).toBeGreaterThanOrEqual(emails.filter((m) => m.status === "sent").length);
    expect(received.length).toBeLessThanOrEqual(PEOPLE);

    // Only what was in flight at the two kills can be unconfirmed (at most a batch of 100 states each).
    expect(msgs.filter((m) => m.status === "unconfirmed").length).toBeLessThanOrEqual(2 * 100);
    expect(msgs.filter((m) => m.status === "failed")).toEqual([]);
    const keys = hook.requests.filter((r) => r.path === "/crm").map((r) => String(r.headers["idempotency-key"]));
    expect(new Set(keys).size).toBe(keys.length);
    const bodies = hook.requests.filter((r) => r.path === "/crm").map((r) => (JSON.parse(r.body) as { profile: { id: string } }).profile.id);
    expect(new Set(bodies).size).toBe(bodies.length);
  }, 240_000);
});
