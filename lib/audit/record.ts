import { db, type Tx } from "../db";
import type { Actor } from "./schema";

export type AuditInput = {
  workspaceId: string;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  summary?: Record<string, unknown>;
};

/**
 * Writes one audit record. Pass the transaction that made the change so the record and the change
 * commit together. Summaries describe the change; never put secrets or erased data in them.
 */
export async function recordAudit(input: AuditInput, tx: Tx = db()): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: input.workspaceId,
      actorType: input.actor.type,
      actorId: input.actor.id ?? null,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      summary: (input.summary ?? {}) as object,
      ip: input.actor.ip ?? null,
    },
  });
}
