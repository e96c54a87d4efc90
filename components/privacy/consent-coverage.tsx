const LABELS: Record<string, string> = { analytics: "Analytics", marketing_email: "Marketing email", advertising: "Advertising", personalization: "Personalization" };

/** Per purpose, the share of profiles that granted, withdrew or never answered: a stacked bar each. */
export function ConsentCoverage({ rows }: { rows: { purpose: string; granted: number; withdrawn: number; unknown: number }[] }) {
  return (
    <ul className="space-y-3" data-testid="consent-coverage">
      {rows.map((r) => {
        const total = Math.max(1, r.granted + r.withdrawn + r.unknown);
        const pct = (n: number) => `${((n / total) * 100).toFixed(1)}%`;
        return (
          <li key={r.purpose}>
            <div className="flex justify-between text-sm">
              <span className="font-medium text-slate-800">{LABELS[r.purpose] ?? r.purpose}</span>
              <span className="text-slate-600">
                {r.granted.toLocaleString()} granted · {r.withdrawn.toLocaleString()} withdrawn · {r.unknown.toLocaleString()} not asked
              </span>
            </div>
            <div className="mt-1 flex h-2.5 overflow-hidden rounded-full bg-slate-100" role="img" aria-label={`${LABELS[r.purpose]}: ${pct(r.granted)} granted`}>
              <div className="bg-emerald-500" style={{ width: pct(r.granted) }} />
              <div className="bg-red-400" style={{ width: pct(r.withdrawn) }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
