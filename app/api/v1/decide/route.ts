import { NextResponse } from "next/server";
import { answerDecideRequest } from "@/lib/ml";

export const dynamic = "force-dynamic";

/**
 * The decision API: `POST /api/v1/decide` with `Authorization: Bearer <API key>` (read scope) and
 * `{ "userId" | "anonymousId" | "email": …, "context": { "placement": "homepage" } }` → the offer to
 * show (or null), the decision id and why. The slim server (PROFILE_API_PORT) answers the same at high rates.
 */
export async function POST(req: Request) {
  const body = await req.json().catch(() => null);
  const r = body === null ? { status: 400, body: { error: { code: "invalid_input", message: "Send a JSON body like { \"userId\": \"u1\", \"context\": { \"placement\": \"homepage\" } }" } } } : await answerDecideRequest({ authorization: req.headers.get("authorization"), body });
  return NextResponse.json(r.body, { status: r.status, headers: { "cache-control": "private, no-store" } });
}
