import Link from "next/link";
import { Radio } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatRelative } from "@/components/ui/format";

type Source = { id: string; name: string; kind: string; writeKey: string; createdAt: string; disabledAt: string | null };
type Stats = { sourceId: string; events24h: number; rejected24h: number; lastReceivedAt: string | null };

export function SourceList({ sources, stats }: { sources: Source[]; stats: Stats[] }) {
  const byId = new Map(stats.map((s) => [s.sourceId, s]));
  return (
    <ul className="grid gap-4 md:grid-cols-2">
      {sources.map((s) => {
        const st = byId.get(s.id);
        return (
          <li key={s.id}>
            <Link href={`/sources/${s.id}`} className="block rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500" data-testid={`source-${s.name}`}>
              <div className="flex items-center justify-between gap-3">
                <span className="flex items-center gap-2 font-semibold text-slate-900">
                  <Radio aria-hidden className="h-4 w-4 text-brand-600" /> {s.name}
                </span>
                {s.disabledAt ? <Badge tone="red">disabled</Badge> : <Badge tone="green">{s.kind.toUpperCase()}</Badge>}
              </div>
              <dl className="mt-4 grid grid-cols-3 gap-2 text-sm">
                <div>
                  <dt className="text-xs text-slate-500">Events, 24 h</dt>
                  <dd className="font-semibold tabular-nums">{(st?.events24h ?? 0).toLocaleString()}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500" title="Refused messages, messages held in quarantine, webhook payloads not mapped, failed database runs">Problems, 24 h</dt>
                  <dd className={`font-semibold tabular-nums ${st?.rejected24h ? "text-red-700" : ""}`}>{(st?.rejected24h ?? 0).toLocaleString()}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Last event</dt>
                  <dd className="font-semibold">{formatRelative(st?.lastReceivedAt)}</dd>
                </div>
              </dl>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
