import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, toAppError } from "@/lib/errors";

export function json<T>(data: T, init?: ResponseInit): NextResponse {
  return NextResponse.json(data, init);
}

/** Maps any error to the one JSON error shape; internals never leak. */
export function errorResponse(e: unknown): NextResponse {
  const err = toAppError(e);
  if (err.code === "internal") console.error(e);
  const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  return NextResponse.json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }, { status: err.status, headers: retry ? { "retry-after": String(retry) } : undefined });
}

/** Parses with a zod schema; a failure becomes `invalid_input` naming each field and what to fix. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
  const first = fields[0]!;
  throw new AppError("invalid_input", first.field === "(body)" ? first.message : `${first.field}: ${first.message}`, { fields });
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}

export function clientIp(req: Request): string | null {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || req.headers.get("x-real-ip") || null;
}

/** The origin people use to reach the app: NEXTAUTH_URL when set, else the request's Host headers. */
export function publicOrigin(req: Request): string {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.replace(/\/$/, "");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? new URL(req.url).protocol.replace(":", "");
  return host ? `${proto}://${host}` : new URL(req.url).origin;
}

/** Streams CSV text chunks as a download; nothing is held in memory beyond one chunk. */
export function csvResponse(rows: AsyncGenerator<string>, name: string): NextResponse {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await rows.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  const file = `${name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase() || "export"}.csv`;
  return new NextResponse(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${file}"` } });
}
