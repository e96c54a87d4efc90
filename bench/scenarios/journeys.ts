import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { closePool, disconnectDb } from "../../lib/db";
import { ingestMessages, parseMessage } from "../../lib/ingest";
import { createJourney, publishJourney, saveJourneySchema } from "../../lib/journeys";
import { closeWorkspaceTransports, saveSmtpSettings, smtpSettingsSchema } from "../../lib/mail";
import { startSmtp } from "../../lib/testing/smtp";
import { pointAtBenchDatabase } from "../app-server";
import { freshDatabase } from "../database";
import { percentiles } from "../reference";
import type { Scenario } from "../scenario";

const root = path.resolve(__dirname, "..", "..");
const ACTOR = { type: "system" as const, label: "benchmark" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * N profiles enter a journey within one minute (an event trigger, through ingestion), wait a few
 * seconds, branch on a trait, get an email over SMTP (a local server), then wait for an event that
 * half of them send. The journeys worker runs in its own process. Step latency is measured from the
 * moment a step was due (its timer ran out, or its event was ingested) to the moment the step was
 * written (its batch committed); every email is counted by recipient for duplicates.
 */
export const journeysScenario: Scenario = {
  name: "journeys",
  description: "N profiles enter a journey within one minute; step latency after timers and events; duplicate sends",
  target: "10,000 profiles entering within one minute: all processed, step latency p99 under 1 s after their timer or event, zero duplicate sends",
  async run({ adminUrl, size, log }) {
    const people = Number(process.env.BENCH_PROFILES ?? ({ smoke: 50, tiny: 500 } as Record<string, number>)[size] ?? 10_000);
    // The smoke test (size "smoke") cannot wait a minute: its wait step is already over when people arrive.
    const wait = size === "smoke" ? { mode: "until_date", at: new Date().toISOString() } : { mode: "duration", amount: 1, unit: "minutes" };
    const entrySeconds = Number(process.env.BENCH_SECONDS ?? 60);
    const url = await freshDatabase(adminUrl, `northstar_bench_journeys_${size.replace(/\W/g, "_")}`);
    const env = await pointAtBenchDatabase(url);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const smtp = await startSmtp();
    const arrivals = new Map<string, number[]>();
    let worker: ReturnType<typeof spawn> | null = null;
    try {
      const workspaceId = `ws_bench_${randomBytes(6).toString("hex")}`;
      await db.query("INSERT INTO workspaces (id, name, slug) VALUES ($1, 'Journeys benchmark', $1)", [workspaceId]);
      await saveSmtpSettings({ workspaceId, actor: ACTOR, input: smtpSettingsSchema.parse({ host: "127.0.0.1", port: smtp.port, fromEmail: "bench@example.com", fromName: "" }) });
      log(`${people.toLocaleString()} profiles…`);
      await db.query(
        `INSERT INTO profiles (workspace_id, traits, consent, first_seen_at, last_seen_at)
         SELECT $1, jsonb_build_object('email', 'person' || g || '@example.com', 'first_name', 'Person ' || g, 'plan', (ARRAY['basic','pro'])[1 + g % 2]),
                '{"marketing_email": {"granted": true}}', now() - interval '30 days', now() - interval '1 day'
           FROM generate_series(1, $2::int) g`,
        [workspaceId, people],
      );
      await db.query("INSERT INTO identities (workspace_id, kind, value, profile_id) SELECT $1, 'user_id', 'user_' || id, id FROM profiles WHERE workspace_id = $1", [workspaceId]);
      const users = (await db.query<{ value: string }>("SELECT value FROM identities WHERE workspace_id = $1 ORDER BY profile_id", [workspaceId])).rows.map((r) => r.value);

      const email = (subject: string) => ({ subject, html: "<p>Hi {{ profile.first_name }}, <a href=\"https://shop.example/\">come back</a>.</p>" });
      const graph = {
        nodes: [
          { id: "t", type: "trigger", config: { kind: "event", event: "Bench Entered", filters: [] } },
          { id: "w", type: "wait", config: wait },
          { id: "b", type: "branch", config: { condition: { type: "group", op: "and", conditions: [{ type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }] } } },
          { id: "pro", type: "email", config: email("Pro tips for {{ profile.first_name }}") },
          { id: "basic", type: "email", config: email("Upgrade to Pro, {{ profile.first_name }}") },
          { id: "we", type: "wait", config: { mode: "event", event: "Bench Clicked", filters: [], timeout: { amount: 10, unit: "minutes" } } },
          { id: "x1", type: "exit" },
          { id: "x2", type: "exit" },
        ],
        edges: [
          { id: "1", source: "t", target: "w" },
          { id: "2", source: "w", target: "b" },
          { id: "3", source: "b", sourceHandle: "yes", target: "pro" },
          { id: "4", source: "b", sourceHandle: "no", target: "basic" },
          { id: "5", source: "pro", target: "we" },
          { id: "6", source: "basic", target: "we" },
          { id: "7", source: "we", sourceHandle: "event", target: "x1" },
          { id: "8", source: "we", sourceHandle: "timeout", target: "x2" },
        ],
      };
      const j = await createJourney({ workspaceId, actor: ACTOR, input: saveJourneySchema.parse({ name: "Bench journey", graph }) });
      await publishJourney({ workspaceId, actor: ACTOR, journeyId: j.id });

      worker = spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "run.ts"), "journeys"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
      await sleep(3000);

      const send = async (event: string, batch: string[]) => {
        const receivedAt = new Date();
        await ingestMessages({ workspaceId, sourceId: null, messages: batch.map((u) => parseMessage({ messageId: `${event}-${u}`, type: "track", userId: u, event }, { receivedAt })) });
      };
      // 1. Everyone enters within the minute, in small batches at a steady rate.
      log(`${people.toLocaleString()} entries over ${entrySeconds} s…`);
      const ticks = entrySeconds * 10;
      const per = Math.ceil(people / ticks);
      let t0 = performance.now();
      for (let i = 0; i * per < people; i++) {
        await send("Bench Entered", users.slice(i * per, (i + 1) * per));
        await sleep(Math.max(0, t0 + (i + 1) * 100 - performance.now()));
      }
      const entryWall = (performance.now() - t0) / 1000;

      // 2. Their one-minute timers run out over the next minute; each gets one email.
      log("waiting for the timers and the emails…");
      const deadline = Date.now() + 10 * 60_000;
      const journeyMails = () => smtp.received.filter((m) => m.header("x-northstar-journey")?.startsWith(j.id)).length;
      while (journeyMails() < people && Date.now() < deadline) await sleep(500);

      // 3. Half of them click: the event wait takes its "event" path.
      const clickers = users.filter((_, i) => i % 2 === 0);
      log(`${clickers.length.toLocaleString()} clicks over ${Math.round(entrySeconds / 2)} s…`);
      t0 = performance.now();
      const clickPer = Math.ceil(clickers.length / (ticks / 2));
      for (let i = 0; i * clickPer < clickers.length; i++) {
        await send("Bench Clicked", clickers.slice(i * clickPer, (i + 1) * clickPer));
        await sleep(Math.max(0, t0 + (i + 1) * 100 - performance.now()));
      }
      while (Number((await db.query("SELECT count(*) AS n FROM journey_states WHERE journey_id = $1 AND node_id = 'x1'", [j.id])).rows[0].n) < clickers.length && Date.now() < deadline) await sleep(500);

      await sleep(2000);
      for (const m of smtp.received) for (const to of m.to) arrivals.set(to, [...(arrivals.get(to) ?? []), 1]);
      const lat = async (where: string) =>
        percentiles(
          (await db.query<{ ms: number }>(`SELECT extract(epoch FROM recorded_at - due_at) * 1000 AS ms FROM journey_steps WHERE journey_id = $1 AND due_at IS NOT NULL AND ${where}`, [j.id])).rows.map((r) => Math.max(0, Number(r.ms))),
        );
      const round = (p: ReturnType<typeof percentiles>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v)]));
      const entered = await lat("kind = 'entered'");
      const timers = await lat("kind = 'waited' AND node_id = 'w'");
      const events = await lat("kind = 'waited' AND node_id = 'we'");
      const all = await lat("true");
      const states = Object.fromEntries((await db.query<{ node_id: string; status: string; n: string }>("SELECT node_id, status, count(*) AS n FROM journey_states WHERE journey_id = $1 GROUP BY 1, 2", [j.id])).rows.map((r) => [`${r.status}@${r.node_id}`, Number(r.n)]));
      const messages = Object.fromEntries((await db.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM journey_messages WHERE journey_id = $1 GROUP BY 1", [j.id])).rows.map((r) => [r.status, Number(r.n)]));
      const duplicates = [...arrivals.values()].filter((a) => a.length > 1).length;
      return {
        profiles: people,
        entry: { seconds: Math.round(entryWall * 10) / 10, perSecond: Math.round(people / entryWall) },
        stepLatencyMs: { all: round(all), entryAfterEvent: round(entered), afterTimer: round(timers), afterAwaitedEvent: round(events) },
        emailsReceived: journeyMails(),
        duplicateSends: duplicates,
        messages,
        states,
        worker: "one journeys worker process",
      };
    } finally {
      worker?.kill("SIGTERM");
      closeWorkspaceTransports();
      await smtp.close();
      await db.end();
      await Promise.all([closePool(), disconnectDb()]);
    }
  },
};
