import { createHmac } from "node:crypto";
import { requestRun } from "../activation";
import type { Queryable } from "../bus";
import { pool, withTransaction } from "../db/pool";
import { randomToken } from "../crypto/tokens";
import { isPermanentMailError, workspaceTransport } from "../mail";
import { enqueueTouched } from "../segments/queue";
import type { EmailConfig, SyncConfig, UpdateTraitConfig, WebhookConfig } from "./schema";
import { htmlToText, renderTemplate, trackedHtml, type TemplateVars } from "./template";

/** What an outward step did: on to the next node, or try again later (transient failure, quiet hours). */
export type ActionResult = { kind: "sent" | "skipped" | "failed" | "unconfirmed" | "updated"; detail: string } | { kind: "retry"; detail: string; at: Date; failedAttempt: boolean };

export type StateRef = { id: string; workspaceId: string; journeyId: string; version: number; nodeId: string; step: number; profileId: string; attempts: number };

const MAX_ATTEMPTS = 5;

/** The public origin links in emails point to. */
export function publicUrl(): string {
  return (process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/** Signs a click-through target so the redirect only goes where the email linked. */
export function clickSignature(token: string, url: string): string {
  return createHmac("sha256", process.env.NEXTAUTH_SECRET ?? "northstar").update(`${token}\u0000${url}`).digest("base64url").slice(0, 22);
}

export function trackingLinks(token: string) {
  const base = publicUrl();
  return {
    unsubscribe: `${base}/u/${token}`,
    oneClick: `${base}/api/unsubscribe/${token}`,
    openPixel: `${base}/t/o/${token}`,
    click: (url: string) => `${base}/t/c/${token}?u=${encodeURIComponent(url)}&s=${clickSignature(token, url)}`,
  };
}

/**
 * The idempotency key of an outward step is (state, step). Claims it before the side effect:
 * "go" when this is the first attempt, otherwise what an earlier attempt left: sent (done, do not
 * send again), failed, or "sending" from a worker that stopped mid-send (the message may or may not
 * have left: it is marked unconfirmed and never sent twice).
 */
async function claimKey(s: StateRef, channel: string, recipient: string | null, subject: string | null, now: Date, db: Queryable = pool()): Promise<{ go: true; id: string; token: string } | { go: false; result: ActionResult }> {
  const token = randomToken("m", 18);
  const ins = await db.query<{ id: string }>(
    `INSERT INTO journey_messages (workspace_id, journey_id, version, node_id, state_id, step, profile_id, channel, status, recipient, subject, token, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sending', $9, $10, $11, $12) ON CONFLICT (state_id, step) DO NOTHING RETURNING id::text`,
    [s.workspaceId, s.journeyId, s.version, s.nodeId, s.id, s.step, s.profileId, channel, recipient, subject, token, now],
  );
  if (ins.rows[0]) return { go: true, id: ins.rows[0].id, token };
  const { rows } = await db.query<{ id: string; status: string; reason: string | null }>("SELECT id::text, status, reason FROM journey_messages WHERE state_id = $1 AND step = $2", [s.id, s.step]);
  const prior = rows[0]!;
  if (prior.status === "sending") {
    await db.query("UPDATE journey_messages SET status = 'unconfirmed', reason = $2 WHERE id = $1", [prior.id, "The worker stopped while handing it over; not sent again"]);
    return { go: false, result: { kind: "unconfirmed", detail: "Delivery unconfirmed: the worker stopped while sending; not sent again so it cannot arrive twice" } };
  }
  if (prior.status === "sent") return { go: false, result: { kind: "sent", detail: "Already sent before a restart" } };
  if (prior.status === "unconfirmed") return { go: false, result: { kind: "unconfirmed", detail: prior.reason ?? "Delivery unconfirmed" } };
  return { go: false, result: { kind: prior.status === "skipped" ? "skipped" : "failed", detail: prior.reason ?? prior.status } };
}

async function settle(id: string, status: string, reason: string | null, extra: { providerId?: string; bounced?: boolean; sentAt?: Date } = {}) {
  await pool().query(
    `UPDATE journey_messages SET status = $2, reason = $3, provider_id = coalesce($4, provider_id), sent_at = coalesce($5, sent_at), bounced_at = CASE WHEN $6 THEN now() ELSE bounced_at END WHERE id = $1`,
    [id, status, reason, extra.providerId ?? null, extra.sentAt ?? null, !!extra.bounced],
  );
}

/** A transient failure: free the key so the retry uses it again, and back off (1, 2, 4, 8 minutes). */
async function retryOrFail(s: StateRef, id: string, message: string, now: Date): Promise<ActionResult> {
  if (s.attempts + 1 >= MAX_ATTEMPTS) {
    await settle(id, "failed", message);
    return { kind: "failed", detail: `Gave up after ${MAX_ATTEMPTS} attempts: ${message}` };
  }
  await pool().query("DELETE FROM journey_messages WHERE id = $1 AND status = 'sending'", [id]);
  return { kind: "retry", detail: `Attempt ${s.attempts + 1} failed (${message}); trying again`, at: new Date(now.getTime() + 60_000 * 2 ** s.attempts), failedAttempt: true };
}

export type Engagement = { profileId: string; event: string; messageId: string; properties: Record<string, unknown> };

export type FrequencyCap = { max: number; per: "day" | "week" } | null;

/**
 * Claims the send's key; under a frequency cap, the count of the profile's emails (across
 * journeys) and the claim happen under a per-profile lock, so two journeys cannot both take the
 * last slot.
 */
async function claimEmail(s: StateRef, to: string, subject: string, now: Date, cap: FrequencyCap) {
  if (!cap) return claimKey(s, "email", to, subject, now);
  const client = await pool().connect();
  const lock = `journey-cap:${s.workspaceId}:${s.profileId}`;
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [lock]);
    const mine = await client.query("SELECT 1 FROM journey_messages WHERE state_id = $1 AND step = $2", [s.id, s.step]);
    if (!mine.rowCount) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM journey_messages WHERE workspace_id = $1 AND profile_id = $2 AND channel = 'email' AND status IN ('sent', 'sending', 'unconfirmed')
            AND created_at > $3::timestamptz - $4::interval`,
        [s.workspaceId, s.profileId, now, cap.per === "day" ? "1 day" : "7 days"],
      );
      const n = Number(rows[0]!.n);
      if (n >= cap.max) return { go: false as const, result: { kind: "skipped" as const, detail: `Not sent: frequency cap (${n} email${n === 1 ? "" : "s"} in the last ${cap.per}, at most ${cap.max})` } };
    }
    return await claimKey(s, "email", to, subject, now, client);
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lock]).catch(() => undefined);
    client.release();
  }
}

export async function sendEmail(s: StateRef, cfg: EmailConfig, to: string, vars: TemplateVars, now: Date, engagement: Engagement[], cap: FrequencyCap = null): Promise<ActionResult> {
  const subject = await renderTemplate(cfg.subject, vars);
  const key = await claimEmail(s, to, subject, now, cap);
  if (!key.go) return key.result;
  const links = trackingLinks(key.token);
  const withLinks = { ...vars, unsubscribe_url: links.unsubscribe };
  let html: string;
  let text: string;
  try {
    html = trackedHtml(await renderTemplate(cfg.html, withLinks), links);
    text = cfg.text ? await renderTemplate(cfg.text, withLinks) : htmlToText(html);
    if (!text.includes(links.unsubscribe)) text += `\n\nUnsubscribe: ${links.unsubscribe}`;
  } catch (e) {
    await settle(key.id, "failed", (e as Error).message);
    return { kind: "failed", detail: (e as Error).message };
  }
  const transport = await workspaceTransport(s.workspaceId);
  if (!transport) {
    await settle(key.id, "failed", "No SMTP server is set for this workspace");
    return { kind: "failed", detail: "Not sent: no SMTP server is set (Settings → Email)" };
  }
  try {
    const info = await transport.transporter.sendMail({
      from: transport.from,
      replyTo: transport.replyTo,
      to,
      subject,
      html: cfg.preheader ? `<div style="display:none;max-height:0;overflow:hidden">${cfg.preheader}</div>${html}` : html,
      text,
      messageId: `<${key.token}@northstar>`,
      headers: { "List-Unsubscribe": `<${links.oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "X-Northstar-Journey": `${s.journeyId}/${s.version}/${s.nodeId}` },
    });
    const props = { journey_id: s.journeyId, node_id: s.nodeId, subject, message_token: key.token };
    engagement.push({ profileId: s.profileId, event: "Email Delivered", messageId: `email-delivered-${key.token}`, properties: props });
    await settle(key.id, "sent", null, { providerId: String(info.messageId ?? ""), sentAt: now });
    return { kind: "sent", detail: `Sent “${subject}” to ${to}` };
  } catch (e) {
    const message = (e as Error).message;
    if (isPermanentMailError(e)) {
      await settle(key.id, "failed", message, { bounced: true });
      engagement.push({ profileId: s.profileId, event: "Email Bounced", messageId: `email-bounced-${key.token}`, properties: { journey_id: s.journeyId, node_id: s.nodeId, reason: message.slice(0, 300) } });
      return { kind: "failed", detail: `Bounced: ${message}` };
    }
    return retryOrFail(s, key.id, message, now);
  }
}

export async function callWebhook(s: StateRef, cfg: WebhookConfig, body: Record<string, unknown>, now: Date): Promise<ActionResult> {
  const key = await claimKey(s, "webhook", cfg.url, null, now);
  if (!key.go) return key.result;
  try {
    const res = await fetch(cfg.url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key.token, "user-agent": "Northstar-Journeys/1", ...cfg.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.ok) {
      await settle(key.id, "sent", null, { providerId: String(res.status), sentAt: now });
      return { kind: "sent", detail: `Called ${cfg.url}: ${res.status}` };
    }
    const text = (await res.text()).slice(0, 200);
    if (res.status >= 500 || res.status === 429) return retryOrFail(s, key.id, `${res.status} ${text}`.trim(), now);
    await settle(key.id, "failed", `${res.status} ${text}`.trim());
    return { kind: "failed", detail: `${cfg.url} refused: ${res.status} ${text}`.trim() };
  } catch (e) {
    return retryOrFail(s, key.id, (e as Error).name === "TimeoutError" ? "timed out" : (e as Error).message, now);
  }
}

function traitValue(cfg: UpdateTraitConfig, rendered: string, now: Date): unknown {
  switch (cfg.valueType) {
    case "number":
      return Number.isFinite(Number(rendered)) ? Number(rendered) : null;
    case "boolean":
      return /^(true|yes|1)$/i.test(rendered.trim());
    case "date":
      return Number.isNaN(Date.parse(rendered)) ? null : new Date(rendered).toISOString();
    case "now":
      return now.toISOString();
    default:
      return rendered;
  }
}

/** Sets a trait (idempotent) and queues the profile for live segment re-evaluation. */
export async function updateTrait(s: StateRef, cfg: UpdateTraitConfig, vars: TemplateVars, now: Date): Promise<ActionResult> {
  const value = traitValue(cfg, await renderTemplate(cfg.value, vars), now);
  if (value === null) return { kind: "failed", detail: `“${cfg.value}” is not a ${cfg.valueType}; ${cfg.trait} left unchanged` };
  await withTransaction(async (client) => {
    await client.query(
      `UPDATE profiles SET traits = jsonb_set(traits, $3::text[], $4::jsonb, true), trait_times = trait_times || jsonb_build_object($5::text, $6::bigint), updated_at = now()
        WHERE id = $1 AND workspace_id = $2`,
      [s.profileId, s.workspaceId, cfg.trait.split("."), JSON.stringify(value), cfg.trait.split(".")[0], now.getTime()],
    );
    await enqueueTouched(client, s.workspaceId, [{ profileId: Number(s.profileId), traits: true, messageId: null }]);
  });
  return { kind: "updated", detail: `Set ${cfg.trait} to ${JSON.stringify(value)}` };
}

/**
 * Adds the profile to (or removes it from) a sync's audience beside its segment, and queues the
 * sync: the next run sends it, with the sync's own consent and mapping.
 */
export async function changeSyncAudience(s: StateRef, cfg: SyncConfig, journeyName: string): Promise<ActionResult> {
  const { rows } = await pool().query<{ id: string; trigger: string; status: string }>("SELECT id, trigger, status FROM syncs WHERE id = $1 AND workspace_id = $2", [cfg.syncId, s.workspaceId]);
  const sync = rows[0];
  if (!sync) return { kind: "failed", detail: "The sync no longer exists" };
  await pool().query(
    `WITH o AS (INSERT INTO sync_overrides (sync_id, profile_id, include, source, at) VALUES ($1, $2, $3, $4, now())
                ON CONFLICT (sync_id, profile_id) DO UPDATE SET include = excluded.include, source = excluded.source, at = now())
     INSERT INTO sync_dirty (sync_id, profile_id, changed_at) VALUES ($1, $2, now()) ON CONFLICT (sync_id, profile_id) DO UPDATE SET marked_at = clock_timestamp()`,
    [sync.id, s.profileId, cfg.action === "add", `journey ${journeyName}`],
  );
  if (sync.status === "active" && sync.trigger === "realtime") await requestRun({ workspaceId: s.workspaceId, syncId: sync.id, kind: "realtime", requestedBy: `journey ${journeyName}` });
  return { kind: "updated", detail: `${cfg.action === "add" ? "Added to" : "Removed from"} the sync's audience` };
}
