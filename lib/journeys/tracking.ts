import { createHash } from "node:crypto";
import { pool, withTransaction } from "../db/pool";
import { enqueueTouched } from "../segments/queue";
import { clickSignature } from "./actions";
import { recordEngagement } from "./engagement";

type Message = { id: string; workspace_id: string; profile_id: string; journey_id: string; node_id: string; subject: string | null; unsubscribed_at: Date | null };

async function byToken(token: string): Promise<Message | null> {
  if (!/^m_[A-Za-z0-9_-]{10,60}$/.test(token)) return null;
  const { rows } = await pool().query<Message>(
    "SELECT id::text, workspace_id, profile_id::text, journey_id, node_id, subject, unsubscribed_at FROM journey_messages WHERE token = $1 AND channel = 'email'",
    [token],
  );
  return rows[0] ?? null;
}

const props = (m: Message, token: string) => ({ journey_id: m.journey_id, node_id: m.node_id, subject: m.subject, message_token: token });

/** The open pixel was loaded: the first open becomes an "Email Opened" event. */
export async function recordOpen(token: string): Promise<void> {
  const m = await byToken(token);
  if (!m) return;
  const { rowCount } = await pool().query("UPDATE journey_messages SET opened_at = now() WHERE id = $1 AND opened_at IS NULL", [m.id]);
  if (rowCount) await recordEngagement(m.workspace_id, [{ profileId: m.profile_id, event: "Email Opened", messageId: `email-opened-${token}`, properties: props(m, token) }]);
}

/** A tracked link was followed: where to send the reader, or null when the link was not ours. */
export async function recordClick(token: string, url: string, signature: string): Promise<string | null> {
  if (!/^https?:\/\//i.test(url) || clickSignature(token, url) !== signature) return null;
  const m = await byToken(token);
  if (!m) return url;
  await pool().query("UPDATE journey_messages SET clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now()) WHERE id = $1", [m.id]);
  const urlHash = createHash("sha256").update(url).digest("hex").slice(0, 12);
  await recordEngagement(m.workspace_id, [{ profileId: m.profile_id, event: "Email Link Clicked", messageId: `email-clicked-${token}-${urlHash}`, properties: { ...props(m, token), url } }]);
  return url;
}

export type UnsubscribeInfo = { found: boolean; alreadyDone: boolean; sender: string | null };

/** What the unsubscribe page shows before the reader confirms. */
export async function unsubscribeInfo(token: string): Promise<UnsubscribeInfo> {
  const m = await byToken(token);
  if (!m) return { found: false, alreadyDone: false, sender: null };
  const { rows } = await pool().query<{ name: string }>("SELECT coalesce(nullif(s.from_name, ''), w.name) AS name FROM workspaces w LEFT JOIN workspace_smtp s ON s.workspace_id = w.id WHERE w.id = $1", [m.workspace_id]);
  return { found: true, alreadyDone: !!m.unsubscribed_at, sender: rows[0]?.name ?? null };
}

/**
 * Unsubscribes at once: consent for marketing email is withdrawn on the profile (so the next send,
 * in any journey, is skipped), segments re-check the profile, and an "Unsubscribed" event is recorded.
 */
export async function unsubscribe(token: string, via: "link" | "one-click"): Promise<boolean> {
  const m = await byToken(token);
  if (!m) return false;
  const at = new Date();
  await withTransaction(async (c) => {
    await c.query(
      `UPDATE profiles SET consent = consent || jsonb_build_object('marketing_email', jsonb_build_object('granted', false, 'at', $3::text, 'source', $4::text)), updated_at = now()
        WHERE id = $1 AND workspace_id = $2`,
      [m.profile_id, m.workspace_id, at.toISOString(), `unsubscribe ${via}`],
    );
    await c.query("UPDATE journey_messages SET unsubscribed_at = coalesce(unsubscribed_at, now()) WHERE id = $1", [m.id]);
    await enqueueTouched(c, m.workspace_id, [{ profileId: Number(m.profile_id), consent: true, messageId: null }]);
  });
  await recordEngagement(m.workspace_id, [{ profileId: m.profile_id, event: "Unsubscribed", messageId: `email-unsubscribed-${token}`, properties: { ...props(m, token), via } }], at);
  return true;
}
