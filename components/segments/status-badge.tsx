import { Badge } from "@/components/ui/badge";

export function SegmentStatusBadge({ status }: { status: "building" | "live" | "error" }) {
  if (status === "live") return <Badge tone="green">Live</Badge>;
  if (status === "building") return <Badge tone="amber">Building…</Badge>;
  return <Badge tone="red">Error</Badge>;
}
