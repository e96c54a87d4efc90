import { NextResponse } from "next/server";
import { answerProfileRequest } from "@/lib/profiles";

export const dynamic = "force-dynamic";

/**
 * The profile API for personalisation: `GET /api/v1/profiles/{user id | email | anonymous id}`
 * with `Authorization: Bearer <API key>` (read scope). `?fields=traits,segments,consent,identities,seen`
 * chooses the parts (traits and segments by default); `?traits=plan,first_name` chooses traits.
 * The slim server (`npm run worker -- profile-api`) answers the same at high rates.
 */
export async function GET(req: Request, { params }: { params: Promise<{ identifier: string }> }) {
  const { identifier } = await params;
  const r = await answerProfileRequest({ authorization: req.headers.get("authorization"), identifier: decodeURIComponent(identifier), query: new URL(req.url).searchParams });
  return NextResponse.json(r.body, { status: r.status, headers: { "cache-control": "private, no-store" } });
}
