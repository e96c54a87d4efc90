import { z } from "zod";
import { recordAudit, type Actor } from "../../audit";
import { getConfig } from "../../config";
import { decryptSecret, encryptSecret } from "../../crypto/encryption";
import { pool } from "../../db/pool";
import { AppError } from "../../errors";
import { acceptPayload } from "../../ingest/accept";
import { MessageError, parseMessage } from "../../ingest/message";
import { applyMapping, MappingError, parseForm, webhookMappingSchema, type Mapped, type WebhookMapping } from "./mapping";
import { presetOf } from "./presets";
import { signatureProblem, signatureSchema, type SignatureConfig, type SignedRequest } from "./signature";

export const saveWebhookSchema = z.object({
  preset: z.string().max(40).nullish(),
  mapping: webhookMappingSchema,
  signature: signatureSchema,
  /** A new signing secret; absent or empty keeps the stored one. */
  secret: z.string().max(500).optional(),
});
export type SaveWebhookInput = z.infer<typeof saveWebhookSchema>;

export type WebhookConfig = { sourceId: string; preset: string | null; mapping: WebhookMapping | null; signature: SignatureConfig; secretSet: boolean; updatedAt: string };
export type WebhookSample = { id: string; receivedAt: string; contentType: string | null; body: string; status: string; accepted: number; skipped: { index: number; reason: string }[]; error: string | null };

type Row = { source_id: string; preset: string | null; mapping: WebhookMapping | null; signature: SignatureConfig; secret: string | null; updated_at: Date };
const key = () => getConfig().ENCRYPTION_KEY;

/** A new webhook source starts from a preset (mapping and signature scheme) or empty. */
export async function startWebhookSource(workspaceId: string, sourceId: string, preset: string | null): Promise<void> {
  const p = presetOf(preset);
  await pool().query("INSERT INTO webhook_sources (source_id, workspace_id, preset, mapping, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", [
    sourceId, workspaceId, p?.key ?? null, p ? JSON.stringify(p.mapping) : null, JSON.stringify(p?.signature ?? signatureSchema.parse({})),
  ]);
}

async function row(workspaceId: string, sourceId: string): Promise<Row> {
  const { rows } = await pool().query<Row>("SELECT * FROM webhook_sources WHERE source_id = $1 AND workspace_id = $2", [sourceId, workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That webhook source does not exist in this workspace.");
  return rows[0];
}

export async function getWebhookConfig(opts: { workspaceId: string; sourceId: string }): Promise<WebhookConfig> {
  const r = await row(opts.workspaceId, opts.sourceId);
  return { sourceId: r.source_id, preset: r.preset, mapping: r.mapping, signature: signatureSchema.parse(r.signature), secretSet: !!r.secret, updatedAt: r.updated_at.toISOString() };
}

export async function saveWebhookConfig(opts: { workspaceId: string; actor: Actor; sourceId: string; input: SaveWebhookInput }): Promise<WebhookConfig> {
  await row(opts.workspaceId, opts.sourceId);
  const { input } = opts;
  if (input.signature.scheme !== "none" && !input.secret) {
    const current = await row(opts.workspaceId, opts.sourceId);
    if (!current.secret) throw new AppError("invalid_input", "secret: enter the signing secret the sender uses, or choose “not signed”");
  }
  await pool().query(
    `UPDATE webhook_sources SET preset = $3, mapping = $4, signature = $5, secret = coalesce($6, secret), updated_at = now() WHERE source_id = $1 AND workspace_id = $2`,
    [opts.sourceId, opts.workspaceId, input.preset ?? null, JSON.stringify(input.mapping), JSON.stringify(input.signature), input.secret ? encryptSecret(input.secret, key()) : null],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.webhook_saved", target: { type: "source", id: opts.sourceId }, summary: { preset: input.preset ?? null, type: input.mapping.type, signature: input.signature.scheme, secretChanged: !!input.secret } });
  return getWebhookConfig(opts);
}

export async function listSamples(opts: { workspaceId: string; sourceId: string; limit?: number }): Promise<WebhookSample[]> {
  const { rows } = await pool().query<{ id: string; received_at: Date; content_type: string | null; body: string; status: string; accepted: number; skipped: WebhookSample["skipped"]; error: string | null }>(
    "SELECT id::text, received_at, content_type, body, status, accepted, skipped, error FROM webhook_samples WHERE source_id = $1 AND workspace_id = $2 ORDER BY id DESC LIMIT $3",
    [opts.sourceId, opts.workspaceId, opts.limit ?? 20],
  );
  return rows.map((r) => ({ id: r.id, receivedAt: r.received_at.toISOString(), contentType: r.content_type, body: r.body, status: r.status, accepted: r.accepted, skipped: r.skipped, error: r.error }));
}

/** The payload as an object: JSON, or a form post (`a=1&data[email]=…`) as nested fields. */
export function parseBody(body: string, contentType: string | null): unknown {
  if ((contentType ?? "").includes("application/x-www-form-urlencoded")) return parseForm(body);
  try {
    return JSON.parse(body);
  } catch {
    if (/^[\w%[\]]+=/.test(body)) return parseForm(body);
    throw new MappingError("(body)", "The body is neither JSON nor a form post");
  }
}

export type Preview = { messages: Record<string, unknown>[]; skipped: { index: number; reason: string }[]; invalid: { index: number; field: string; error: string }[]; error: string | null };

/** A payload mapped to messages (not yet validated), or why it cannot be mapped at all. */
function mapPayload(mapping: WebhookMapping, body: string, contentType: string | null): Mapped | { error: string } {
  try {
    return applyMapping(mapping, parseBody(body, contentType));
  } catch (e) {
    if (e instanceof MappingError) return { error: e.message };
    throw e;
  }
}

/** What a mapping makes of a payload (a captured sample or one pasted in): the messages, and what would be skipped or refused. */
export function previewMapping(mapping: WebhookMapping, body: string, contentType: string | null): Preview {
  const mapped = mapPayload(mapping, body, contentType);
  if ("error" in mapped) return { messages: [], skipped: [], invalid: [], error: mapped.error };
  const invalid: Preview["invalid"] = [];
  mapped.messages.forEach((m, index) => {
    try {
      parseMessage(m, { receivedAt: new Date() });
    } catch (e) {
      if (e instanceof MessageError) invalid.push({ index, field: e.field, error: e.message });
      else throw e;
    }
  });
  return { ...mapped, invalid, error: null };
}

export async function previewWebhook(opts: { workspaceId: string; sourceId: string; mapping: WebhookMapping; sampleId?: string; body?: string; contentType?: string | null }): Promise<Preview> {
  await row(opts.workspaceId, opts.sourceId);
  let body = opts.body;
  let contentType = opts.contentType ?? null;
  if (opts.sampleId) {
    const { rows } = await pool().query<{ body: string; content_type: string | null }>("SELECT body, content_type FROM webhook_samples WHERE id = $1 AND source_id = $2 AND workspace_id = $3", [opts.sampleId, opts.sourceId, opts.workspaceId]);
    if (!rows[0]) throw new AppError("not_found", "That captured payload is no longer kept.");
    ({ body, content_type: contentType } = rows[0]);
  }
  if (body === undefined) throw new AppError("invalid_input", "Choose a captured payload or paste one");
  return previewMapping(opts.mapping, body, contentType);
}

async function keepSample(sourceId: string, workspaceId: string, r: { contentType: string | null; body: string; status: string; accepted?: number; skipped?: unknown[]; error?: string | null }): Promise<void> {
  await pool().query(
    "INSERT INTO webhook_samples (source_id, workspace_id, content_type, body, status, accepted, skipped, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [sourceId, workspaceId, r.contentType, r.body.slice(0, 256 * 1024), r.status, r.accepted ?? 0, JSON.stringify(r.skipped ?? []), r.error ?? null],
  );
  // Keep the latest 50 accepted payloads and every one that was not fully accepted (up to 1,000).
  await pool().query(
    `DELETE FROM webhook_samples WHERE source_id = $1 AND id IN (
       (SELECT id FROM webhook_samples WHERE source_id = $1 AND status = 'accepted' ORDER BY id DESC OFFSET 50)
       UNION ALL (SELECT id FROM webhook_samples WHERE source_id = $1 ORDER BY id DESC OFFSET 1000))`,
    [sourceId],
  );
}

export type Received = { status: number; body: Record<string, unknown> };

/**
 * A webhook delivery: checks the signature, keeps the payload, maps it and ingests the messages
 * (deduplicated by their ids, so a sender's retry is stored once). A payload that cannot be mapped
 * at all is answered 422, so a sender that retries (most do) delivers it again once the mapping is
 * fixed; the kept copy can be replayed from the source page meanwhile.
 */
export async function receiveWebhook(source: { id: string; workspaceId: string }, req: SignedRequest & { contentType: string | null }): Promise<Received> {
  const { rows } = await pool().query<Row>("SELECT * FROM webhook_sources WHERE source_id = $1", [source.id]);
  const cfg = rows[0];
  if (!cfg) return { status: 404, body: { success: false, error: "This source does not accept webhooks." } };
  const signature = signatureSchema.parse(cfg.signature);
  const problem = signatureProblem(signature, cfg.secret ? decryptSecret(cfg.secret, key()) : null, req);
  if (problem) return { status: 401, body: { success: false, error: problem } };
  const sample = { contentType: req.contentType, body: req.body };
  if (!cfg.mapping) {
    await keepSample(source.id, source.workspaceId, { ...sample, status: "unmapped", error: "No mapping yet" });
    return { status: 422, body: { success: false, error: "Captured, but this source has no mapping yet: set one up on the source page, then the sender's retry will be stored." } };
  }
  const mapping = webhookMappingSchema.parse(cfg.mapping);
  // Ingestion validates each message (and reports the refused ones): no need to check them here first.
  const preview = mapPayload(mapping, req.body, req.contentType);
  if ("error" in preview) {
    await keepSample(source.id, source.workspaceId, { ...sample, status: "refused", error: preview.error });
    return { status: 422, body: { success: false, error: preview.error } };
  }
  const outcome = preview.messages.length
    ? await acceptPayload({ workspaceId: source.workspaceId, sourceId: source.id, endpoint: "batch", body: { batch: preview.messages }, bytes: 0 })
    : { status: 200, body: { success: true, accepted: 0 } };
  const result = "result" in outcome ? outcome.result : undefined;
  const accepted = result?.accepted ?? 0;
  const duplicates = result?.duplicates ?? 0;
  const rejected = ((outcome.body as { rejected?: { index: number; error: string }[] }).rejected ?? []).map((r) => ({ index: r.index, reason: r.error }));
  const skipped = [...preview.skipped, ...rejected];
  const status = accepted + duplicates === 0 && skipped.length > 0 ? "refused" : skipped.length ? "partial" : "accepted";
  await keepSample(source.id, source.workspaceId, { ...sample, status, accepted, skipped });
  if (status === "refused") return { status: 422, body: { success: false, error: skipped[0]?.reason ?? "Nothing in the payload could be mapped", skipped } };
  return { status: 200, body: { success: true, accepted, duplicates, skipped } };
}

/** Maps a kept payload again with the current mapping and ingests it (ids dedupe what was already stored). */
export async function replaySample(opts: { workspaceId: string; actor: Actor; sourceId: string; sampleId: string }): Promise<{ accepted: number; skipped: { index: number; reason: string }[] }> {
  const cfg = await row(opts.workspaceId, opts.sourceId);
  if (!cfg.mapping) throw new AppError("invalid_input", "Save a mapping first, then replay.");
  const { rows } = await pool().query<{ body: string; content_type: string | null }>("SELECT body, content_type FROM webhook_samples WHERE id = $1 AND source_id = $2 AND workspace_id = $3", [opts.sampleId, opts.sourceId, opts.workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That captured payload is no longer kept.");
  const preview = mapPayload(webhookMappingSchema.parse(cfg.mapping), rows[0].body, rows[0].content_type);
  if ("error" in preview) throw new AppError("invalid_input", preview.error);
  const outcome = preview.messages.length ? await acceptPayload({ workspaceId: opts.workspaceId, sourceId: opts.sourceId, endpoint: "batch", body: { batch: preview.messages }, bytes: 0 }) : null;
  const accepted = outcome?.result?.accepted ?? 0;
  await pool().query("UPDATE webhook_samples SET status = $2, accepted = $3, skipped = $4, error = NULL WHERE id = $1", [opts.sampleId, preview.skipped.length ? "partial" : "accepted", accepted, JSON.stringify(preview.skipped)]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "source.webhook_replayed", target: { type: "source", id: opts.sourceId }, summary: { sampleId: opts.sampleId, accepted } });
  return { accepted, skipped: preview.skipped };
}
