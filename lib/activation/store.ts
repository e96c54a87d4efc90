import { randomBytes, randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../audit";
import { getConfig } from "../config";
import { decryptSecret, encryptSecret } from "../crypto/encryption";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { providerOf, type DestinationContext, type Provider } from "./destinations";
import type { SaveDestinationInput } from "./schema";

export type DestinationSummary = {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  config: Record<string, string>;
  secretsSet: string[];
  purpose: string | null;
  ratePerSecond: number;
  concurrency: number;
  syncCount: number;
  createdAt: string;
  updatedAt: string;
};

type Row = {
  id: string; workspace_id: string; kind: string; name: string; config: Record<string, string>; secrets: string | null; purpose: string | null;
  rate_per_second: number; concurrency: number; created_at: Date; updated_at: Date; sync_count?: string;
};

const key = () => getConfig().ENCRYPTION_KEY;
const readSecrets = (sealed: string | null): Record<string, string> => (sealed ? (JSON.parse(decryptSecret(sealed, key())) as Record<string, string>) : {});

function toSummary(r: Row): DestinationSummary {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: providerOf(r.kind)?.label ?? r.kind,
    name: r.name,
    config: r.config,
    secretsSet: Object.keys(readSecrets(r.secrets)).filter((k) => k),
    purpose: r.purpose,
    ratePerSecond: r.rate_per_second,
    concurrency: r.concurrency,
    syncCount: Number(r.sync_count ?? 0),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function providerOrThrow(kind: string): Provider {
  const p = providerOf(kind);
  if (!p) throw new AppError("invalid_input", `Unknown destination kind "${kind}".`);
  return p;
}

function checked(provider: Provider, input: SaveDestinationInput, stored: Record<string, string>) {
  const known = new Set(provider.fields.map((f) => f.key));
  const config = Object.fromEntries(Object.entries(input.config).filter(([k, v]) => known.has(k) && v.trim() !== "").map(([k, v]) => [k, v.trim()]));
  const secrets = { ...stored };
  for (const [k, v] of Object.entries(input.secrets)) if (known.has(k) && v.trim()) secrets[k] = v.trim();
  // A webhook without a signing secret gets a strong random one.
  if (provider.fields.some((f) => f.key === "signingSecret") && !secrets.signingSecret) secrets.signingSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  const problems = provider.validate(config, secrets);
  if (problems.length) throw new AppError("invalid_input", problems.join(" "), { problems });
  return { config, secrets };
}

export async function createDestination(opts: { workspaceId: string; actor: Actor; input: SaveDestinationInput }): Promise<DestinationSummary> {
  const provider = providerOrThrow(opts.input.kind);
  const { config, secrets } = checked(provider, opts.input, {});
  const id = randomUUID();
  await pool().query(
    `INSERT INTO destinations (id, workspace_id, kind, name, config, secrets, purpose, rate_per_second, concurrency, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [id, opts.workspaceId, provider.kind, opts.input.name, config, encryptSecret(JSON.stringify(secrets), key()), opts.input.purpose, opts.input.ratePerSecond, opts.input.concurrency, opts.actor.label],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "destination.created", target: { type: "destination", id }, summary: { kind: provider.kind, name: opts.input.name } });
  return getDestination({ workspaceId: opts.workspaceId, destinationId: id });
}

export async function updateDestination(opts: { workspaceId: string; actor: Actor; destinationId: string; input: SaveDestinationInput }): Promise<DestinationSummary> {
  const row = await destinationRow(opts.workspaceId, opts.destinationId);
  if (row.kind !== opts.input.kind) throw new AppError("invalid_input", "A destination's kind cannot change; create a new destination instead.");
  const { config, secrets } = checked(providerOrThrow(row.kind), opts.input, readSecrets(row.secrets));
  await pool().query(
    `UPDATE destinations SET name = $3, config = $4, secrets = $5, purpose = $6, rate_per_second = $7, concurrency = $8, updated_at = now() WHERE id = $1 AND workspace_id = $2`,
    [row.id, opts.workspaceId, opts.input.name, config, encryptSecret(JSON.stringify(secrets), key()), opts.input.purpose, opts.input.ratePerSecond, opts.input.concurrency],
  );
  const changedSecrets = Object.keys(opts.input.secrets).filter((k) => opts.input.secrets[k]?.trim());
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "destination.updated", target: { type: "destination", id: row.id }, summary: { name: opts.input.name, changedSecrets } });
  return getDestination({ workspaceId: opts.workspaceId, destinationId: row.id });
}

export async function deleteDestination(opts: { workspaceId: string; actor: Actor; destinationId: string }): Promise<void> {
  const row = await destinationRow(opts.workspaceId, opts.destinationId);
  await pool().query("DELETE FROM destinations WHERE id = $1 AND workspace_id = $2", [row.id, opts.workspaceId]);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "destination.deleted", target: { type: "destination", id: row.id }, summary: { name: row.name, kind: row.kind } });
}

async function destinationRow(workspaceId: string, destinationId: string): Promise<Row> {
  const { rows } = await pool().query<Row>(
    `SELECT d.*, (SELECT count(*) FROM syncs s WHERE s.destination_id = d.id) AS sync_count FROM destinations d WHERE d.id = $1 AND d.workspace_id = $2`,
    [destinationId, workspaceId],
  );
  if (!rows[0]) throw new AppError("not_found", "That destination does not exist in this workspace.");
  return rows[0];
}

export async function getDestination(opts: { workspaceId: string; destinationId: string }): Promise<DestinationSummary> {
  return toSummary(await destinationRow(opts.workspaceId, opts.destinationId));
}

export async function listDestinations(opts: { workspaceId: string }): Promise<DestinationSummary[]> {
  const { rows } = await pool().query<Row>(
    `SELECT d.*, (SELECT count(*) FROM syncs s WHERE s.destination_id = d.id) AS sync_count FROM destinations d WHERE d.workspace_id = $1 ORDER BY lower(d.name)`,
    [opts.workspaceId],
  );
  return rows.map(toSummary);
}

/** What a provider needs to talk to the destination, secrets decrypted: for the runner only. */
export async function destinationContext(opts: { workspaceId: string; destinationId: string; segment: { id: string; name: string }; syncId: string; fields?: string[]; signal?: AbortSignal }) {
  const row = await destinationRow(opts.workspaceId, opts.destinationId);
  const provider = providerOrThrow(row.kind);
  const ctx: DestinationContext = { destinationId: row.id, name: row.name, config: row.config, secrets: readSecrets(row.secrets), segment: opts.segment, syncId: opts.syncId, fields: opts.fields ?? [], signal: opts.signal };
  return { provider, ctx, purpose: row.purpose, ratePerSecond: row.rate_per_second, concurrency: row.concurrency };
}

/** Tries the saved credentials against the destination; never throws for a refusal, says what happened. */
export async function testDestination(opts: { workspaceId: string; actor: Actor; destinationId: string }): Promise<{ ok: boolean; message: string }> {
  const { provider, ctx } = await destinationContext({ ...opts, segment: { id: "test", name: "Connection test" }, syncId: "test", signal: AbortSignal.timeout(30_000) });
  let result: { ok: boolean; message: string };
  try {
    result = { ok: true, message: await provider.test(ctx) };
  } catch (e) {
    result = { ok: false, message: (e as Error).message };
  }
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "destination.tested", target: { type: "destination", id: opts.destinationId }, summary: { ok: result.ok } });
  return result;
}
