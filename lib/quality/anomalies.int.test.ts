import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { Rng } from "../demo/random";
import { closeWorkspaceTransports, saveSmtpSettings, smtpSettingsSchema } from "../mail";
import { startServer } from "../testing/http-server";
import { startSmtp } from "../testing/smtp";
import { ingestMessages, parseMessage } from "../ingest";
import { createSource } from "../sources";
import { makeWorkspace, uniq, userActor } from "../testing/fixtures";
import { anomalySeries, checkWorkspace, dismissAnomaly, listAnomalies, saveAlertSettings, workspacesToCheck } from ".";

afterAll(async () => {
  closeWorkspaceTransports();
  await Promise.all([closePool(), disconnectDb()]);
});

const HOUR = 3_600_000;

/** Five weeks of hourly "Page Viewed" and "Order Completed" counts, ending before `now`'s hour, written as rollups. */
async function history(workspaceId: string, now: Date, lastHour: { views: number; orders: number }) {
  const rng = new Rng(3);
  const end = Math.floor(now.getTime() / HOUR) * HOUR - HOUR;
  const rows: [string, string, number][] = [];
  for (let h = end - 35 * 24 * HOUR; h <= end; h += HOUR) {
    const hod = new Date(h).getUTCHours();
    const lambda = 120 * (0.3 + 0.7 * Math.max(0, Math.sin(((hod - 6) / 24) * 2 * Math.PI)));
    const n = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
    rows.push(["Page Viewed", new Date(h).toISOString(), h === end ? lastHour.views : n]);
    rows.push(["Order Completed", new Date(h).toISOString(), h === end ? lastHour.orders : Math.round(n / 10)]);
  }
  await pool().query("INSERT INTO event_rollups (workspace_id, event, hour, n) SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::bigint[]) ON CONFLICT (workspace_id, event, hour) DO UPDATE SET n = excluded.n", [
    workspaceId, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]),
  ]);
}

describe("volume anomalies", () => {
  it("opens an anomaly when an event's hour collapses, charts it, resolves it when volume is back, and can be dismissed", async () => {
    const { workspace, owner } = await makeWorkspace();
    const ws = workspace.id;
    const now = new Date(Date.UTC(2026, 10, 18, 15, 20)); // the hour judged: 14:00, a busy afternoon
    await history(ws, now, { views: 3, orders: 12 }); // page views collapse (a broken tag); orders normal
    // Alerts go to a webhook and by email.
    const hook = await startServer(() => ({ status: 200, body: {} }));
    const smtp = await startSmtp();
    await saveSmtpSettings({ workspaceId: ws, actor: userActor(owner), input: smtpSettingsSchema.parse({ host: "127.0.0.1", port: smtp.port, fromEmail: "alerts@shop.example" }) });
    await saveAlertSettings({ workspaceId: ws, actor: userActor(owner), input: { webhookUrl: `${hook.url}/alerts`, emails: ["data@shop.example"] } });
    await expect(saveAlertSettings({ workspaceId: ws, actor: userActor(owner), input: { webhookUrl: "not a url", emails: [] } })).rejects.toThrow(/must be a URL/);
    expect(await workspacesToCheck(now)).toContain(ws);
    const found = await checkWorkspace(ws, now);
    expect(found.map((v) => v.direction)).toEqual(["drop"]);
    expect(await workspacesToCheck(now)).not.toContain(ws);
    const open = await listAnomalies({ workspaceId: ws, status: "open" });
    expect(open).toEqual([expect.objectContaining({ kind: "volume", subject: "Page Viewed", direction: "drop", observed: 3, status: "open" })]);
    expect(open[0]!.expected).toBeGreaterThan(80);
    expect(open[0]!.alerted).toMatchObject({ webhook: "sent", email: "sent" });
    expect(hook.requests.map((r) => JSON.parse(r.body))).toEqual([expect.objectContaining({ type: "anomaly.opened", anomaly: expect.objectContaining({ subject: "Page Viewed", direction: "drop", observed: 3 }) })]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.header("subject")).toBe("[Northstar] Data anomaly: Page Viewed volume drop");
    expect(smtp.received[0]!.to).toEqual(["data@shop.example"]);
    const chart = await anomalySeries({ workspaceId: ws, anomalyId: open[0]!.id });
    expect(chart.points.find((p) => p.hour === open[0]!.firstHour)).toMatchObject({ observed: 3 });
    expect(chart.points.length).toBeGreaterThan(7 * 24);

    // The next hour is normal again: resolved.
    const later = new Date(now.getTime() + HOUR);
    await pool().query("INSERT INTO event_rollups (workspace_id, event, hour, n) VALUES ($1, 'Page Viewed', $2, 118), ($1, 'Order Completed', $2, 12)", [ws, new Date(Math.floor(later.getTime() / HOUR) * HOUR - HOUR)]);
    expect(await checkWorkspace(ws, later)).toEqual([]);
    expect(await listAnomalies({ workspaceId: ws, status: "open" })).toEqual([]);
    expect((await listAnomalies({ workspaceId: ws }))[0]).toMatchObject({ status: "resolved", closedBy: "back to normal" });
    expect(hook.requests).toHaveLength(1); // announced once, not every hour it lasted

    // A spike that someone explains (a campaign) is dismissed by a person.
    const spike = new Date(later.getTime() + HOUR);
    await pool().query("INSERT INTO event_rollups (workspace_id, event, hour, n) VALUES ($1, 'Page Viewed', $2, 900), ($1, 'Order Completed', $2, 12)", [ws, new Date(Math.floor(spike.getTime() / HOUR) * HOUR - HOUR)]);
    const s = await checkWorkspace(ws, spike);
    expect(s.map((v) => v.direction)).toEqual(["spike"]);
    const [a] = await listAnomalies({ workspaceId: ws, status: "open" });
    await dismissAnomaly({ workspaceId: ws, actor: userActor(owner), anomalyId: a!.id });
    expect(await listAnomalies({ workspaceId: ws, status: "open" })).toEqual([]);
    const other = await makeWorkspace();
    await expect(anomalySeries({ workspaceId: other.workspace.id, anomalyId: a!.id })).rejects.toThrow(/does not exist in this workspace/);
    await hook.close();
    await smtp.close();
  });

  it("judges each source's own volume: one site's broken tag shows even when others send the same events", async () => {
    const { workspace, owner } = await makeWorkspace();
    const ws = workspace.id;
    const web = await createSource({ workspaceId: ws, actor: userActor(owner), name: "Web shop" });
    const app = await createSource({ workspaceId: ws, actor: userActor(owner), name: "iOS app" });
    const now = new Date(Date.UTC(2026, 10, 18, 15, 20));
    const end = Math.floor(now.getTime() / HOUR) * HOUR - HOUR;
    // Five weeks of history per source (what the worker counted before), then the hour judged from real events.
    const rng = new Rng(5);
    const rows: [string, string, number][] = [];
    for (let h = end - 35 * 24 * HOUR; h < end; h += HOUR) {
      const n = Math.max(0, Math.round(40 + 6 * rng.normal()));
      rows.push([web.id, new Date(h).toISOString(), n], [app.id, new Date(h).toISOString(), n]);
    }
    await pool().query("INSERT INTO source_hour_counts (workspace_id, source_id, hour, n) SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::bigint[])", [ws, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])]);
    const send = async (sourceId: string, count: number) => {
      const messages = Array.from({ length: count }, (_, i) => {
        const ts = new Date(end + i * 60_000).toISOString();
        return parseMessage({ type: "track", messageId: uniq("m"), userId: `u${i}`, event: "Product Viewed", timestamp: ts }, { receivedAt: new Date(ts) });
      });
      await ingestMessages({ workspaceId: ws, sourceId, messages });
    };
    await send(web.id, 2); // the web tag broke
    await send(app.id, 42);
    const found = await checkWorkspace(ws, now);
    expect(found.map((v) => v.direction)).toEqual(["drop"]);
    const open = await listAnomalies({ workspaceId: ws, status: "open" });
    expect(open).toEqual([expect.objectContaining({ kind: "source", subject: web.id, label: "Source Web shop", direction: "drop", observed: 2 })]);
    const chart = await anomalySeries({ workspaceId: ws, anomalyId: open[0]!.id });
    expect(chart.points.find((p) => p.hour === new Date(end).toISOString())).toMatchObject({ observed: 2 });
    expect(chart.points.find((p) => p.hour === new Date(end - HOUR).toISOString())!.observed).toBeGreaterThan(20);
    // The tag is fixed: the next hour is back, the anomaly resolves.
    const later = new Date(now.getTime() + HOUR);
    const messages = Array.from({ length: 41 }, (_, i) => parseMessage({ type: "track", messageId: uniq("m"), userId: `u${i}`, event: "Product Viewed", timestamp: new Date(end + HOUR + i * 60_000).toISOString() }, { receivedAt: new Date(end + HOUR) }));
    await ingestMessages({ workspaceId: ws, sourceId: web.id, messages });
    await send(app.id, 0);
    await pool().query("INSERT INTO source_hour_counts (workspace_id, source_id, hour, n) VALUES ($1, $2, $3, 40)", [ws, app.id, new Date(end + HOUR)]);
    expect((await checkWorkspace(ws, later)).filter((v) => v.direction === "drop")).toEqual([]);
    expect((await listAnomalies({ workspaceId: ws })).find((a) => a.kind === "source")).toMatchObject({ status: "resolved" });
  });
});
