import { clientIp } from "@/app/_server/respond";
import { recordOpen } from "@/lib/journeys";
import { LIMITS, take } from "@/lib/security";

// A transparent 1×1 GIF.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** The open pixel of a journey email: the first load records "Email Opened" on the profile. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // A flood from one address still gets the pixel, but is not recorded.
  if (take(LIMITS.tracking, clientIp(req) ?? "unknown") === 0) await recordOpen(token).catch((e) => console.error(`[tracking] open: ${(e as Error).message}`));
  return new Response(PIXEL, { headers: { "content-type": "image/gif", "cache-control": "no-store, max-age=0" } });
}
