/**
 * HTTP to destinations: a timeout per request, retries with exponential backoff and full jitter on
 * 429 and 5xx (and network errors), honouring Retry-After; anything else is returned to the caller.
 */
export class DestinationError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "DestinationError";
  }
}

export type HttpOptions = { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; timeoutMs?: number };
export type RetryPolicy = { attempts: number; baseMs: number; maxMs: number };

/** A Retry-After longer than this is cut short (the run would rather park and come back). */
const MAX_RETRY_AFTER_MS = 300_000;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 30_000 };
let policy: RetryPolicy = DEFAULT_RETRY;
/** Tests shorten the waits; production keeps the defaults. */
export function setRetryPolicy(p: Partial<RetryPolicy>): void {
  policy = { ...DEFAULT_RETRY, ...p };
}

export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function backoffMs(attempt: number, p: RetryPolicy = policy, random = Math.random): number {
  return Math.round(random() * Math.min(p.maxMs, p.baseMs * 2 ** attempt));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(new DestinationError("Cancelled", null, false));
    }, { once: true });
  });
}

export type HttpResult = { status: number; body: string; json: <T = unknown>() => T };

/** One request with retries; resolves with any non-retryable response (2xx or 4xx) for the provider to read. */
export async function request(url: string, opts: HttpOptions = {}): Promise<HttpResult> {
  let last = "";
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    let wait: number | null = null;
    try {
      const res = await fetch(url, {
        method: opts.method ?? "GET",
        headers: opts.headers,
        body: opts.body,
        signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs ?? 30_000), ...(opts.signal ? [opts.signal] : [])]),
      });
      const body = await res.text();
      if (res.status !== 429 && res.status < 500) {
        return { status: res.status, body, json: <T>() => (body ? JSON.parse(body) : {}) as T };
      }
      last = `${res.status} ${body.slice(0, 200)}`.trim();
      wait = retryAfterMs(res.headers.get("retry-after"));
    } catch (e) {
      if (opts.signal?.aborted) throw new DestinationError("Cancelled", null, false);
      last = (e as Error).name === "TimeoutError" ? "timed out" : (e as Error).message;
    }
    if (attempt + 1 < policy.attempts) await sleep(wait !== null ? Math.min(wait, MAX_RETRY_AFTER_MS) : backoffMs(attempt), opts.signal);
  }
  throw new DestinationError(`Gave up after ${policy.attempts} attempts: ${last}`, null, true);
}

/** The response as an error when it is not 2xx: the provider's message, not just a code. */
export function expectOk(res: HttpResult, what: string): HttpResult {
  if (res.status >= 200 && res.status < 300) return res;
  throw new DestinationError(`${what} refused (${res.status}): ${res.body.slice(0, 300) || "no message"}`, res.status, false);
}

/** A token bucket per destination: at most `perSecond` requests a second from this process. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly perSecond: number) {
    this.tokens = Math.max(1, perSecond);
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

/** The provider's own error message from a JSON error body ({ error: { message } }), if there is one. */
export function errorMessage(res: HttpResult): string | undefined {
  try {
    return res.json<{ error?: { message?: string } }>().error?.message;
  } catch {
    return undefined;
  }
}
