import { ingestPost, ingestPreflight } from "@/app/_server/ingest-route";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ type: string }> }) {
  return ingestPost(req, (await params).type);
}

export function OPTIONS(req: Request) {
  return ingestPreflight(req);
}
