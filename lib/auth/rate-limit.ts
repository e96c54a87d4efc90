import { db } from "../db";
import { AppError } from "../errors";

/** Failed sign-ins allowed per account and per address within the window before sign-in is refused. */
export const LOGIN_LIMITS = { perAccount: 5, perIp: 30, windowMinutes: 15 } as const;

type Count = { failures: number; oldest: Date | null };

async function failuresSince(where: { email: string } | { ip: string }, since: Date): Promise<Count> {
  const column = "email" in where ? "email" : "ip";
  const value = "email" in where ? where.email : where.ip;
  // Failures after the window start and after the last success for the same key.
  const rows = await db().$queryRawUnsafe<{ failures: bigint; oldest: Date | null }[]>(
    `SELECT count(*) AS failures, min(created_at) AS oldest FROM login_attempts
      WHERE ${column} = $1 AND NOT success AND created_at > $2
        AND created_at > coalesce((SELECT max(created_at) FROM login_attempts WHERE ${column} = $1 AND success), '-infinity')`,
    value,
    since,
  );
  return { failures: Number(rows[0]?.failures ?? 0), oldest: rows[0]?.oldest ?? null };
}

function retryMinutes(oldest: Date | null, now: Date): number {
  if (!oldest) return LOGIN_LIMITS.windowMinutes;
  const ms = oldest.getTime() + LOGIN_LIMITS.windowMinutes * 60_000 - now.getTime();
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Throws `rate_limited` with a message saying when to try again, if too many sign-ins failed. */
export async function assertLoginAllowed(opts: { email: string; ip: string; now?: Date }): Promise<void> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const account = await failuresSince({ email: opts.email }, since);
  if (account.failures >= LOGIN_LIMITS.perAccount) {
    const m = retryMinutes(account.oldest, now);
    throw new AppError("rate_limited", `Too many failed sign-in attempts for this account. Try again in ${m} minute${m === 1 ? "" : "s"}.`);
  }
  const ip = await failuresSince({ ip: opts.ip }, since);
  if (ip.failures >= LOGIN_LIMITS.perIp) {
    const m = retryMinutes(ip.oldest, now);
    throw new AppError("rate_limited", `Too many failed sign-in attempts from your network. Try again in ${m} minute${m === 1 ? "" : "s"}.`);
  }
}

export async function recordLoginAttempt(opts: { email: string; ip: string; success: boolean }): Promise<void> {
  await db().loginAttempt.create({ data: { email: opts.email, ip: opts.ip, success: opts.success } });
}

/** Removes attempts older than a day; run by the maintenance worker. */
export async function pruneLoginAttempts(now = new Date()): Promise<number> {
  const { count } = await db().loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}
