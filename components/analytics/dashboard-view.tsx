"use client";
import { ArrowLeft, ArrowRight, Pencil, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { DateRange, Insight } from "@/lib/analytics/schema";
import type { Dashboard, SavedInsight, Tile } from "@/lib/analytics/store";
import { useVocabulary } from "@/components/segments/use-vocabulary";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { RangePicker, SegmentFilter } from "./controls";
import { InsightView, useInsight } from "./insight-result";
import { inlineControl as control } from "@/components/ui/field";

const WIDTHS: { value: Tile["width"]; label: string }[] = [
  { value: 4, label: "Small" },
  { value: 6, label: "Half" },
  { value: 8, label: "Wide" },
  { value: 12, label: "Full" },
];

type Drag = { onStart: () => void; onOver: () => void; onEnd: () => void; dragging: boolean; target: boolean };

function TileCard(props: { tile: Tile; insight: SavedInsight; range: DateRange | null; segmentId: string | null; refreshKey: number; editing: boolean; drag: Drag; onChange: (t: Tile) => void; onMove: (d: -1 | 1) => void; onRemove: () => void }) {
  const { tile, insight } = props;
  const def: Insight = { ...insight.definition, ...(props.range ? { range: props.range } : {}), ...(props.segmentId ? { segmentId: props.segmentId } : {}) };
  const query = useInsight(def, { refreshKey: props.refreshKey });
  return (
    <section
      aria-label={insight.name}
      data-testid="dashboard-tile"
      draggable={props.editing}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", insight.id);
        props.drag.onStart();
      }}
      onDragOver={(e) => {
        if (!props.editing) return;
        e.preventDefault();
        props.drag.onOver();
      }}
      onDrop={(e) => e.preventDefault()}
      onDragEnd={props.drag.onEnd}
      className={`flex flex-col rounded-lg bg-white p-4 shadow-sm ring-1 ${props.drag.target ? "ring-2 ring-brand-500" : "ring-slate-200"} ${props.drag.dragging ? "opacity-50" : ""} ${props.editing ? "cursor-move" : ""}`}
      style={{ gridColumn: `span ${tile.width} / span ${tile.width}` }}
    >
      <header className="mb-2 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <Link href={`/dashboards/insights/${insight.id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700">
            {insight.name}
          </Link>
          <p className="text-xs text-slate-500">{query.data ? `Updated ${new Date(query.data.at).toLocaleTimeString()}` : "Loading…"}</p>
        </div>
        {props.editing && (
          <div className="flex shrink-0 items-center gap-1">
            <button type="button" aria-label={`Move ${insight.name} earlier`} onClick={() => props.onMove(-1)} className="rounded p-1 text-slate-500 hover:bg-slate-100">
              <ArrowLeft aria-hidden className="h-4 w-4" />
            </button>
            <button type="button" aria-label={`Move ${insight.name} later`} onClick={() => props.onMove(1)} className="rounded p-1 text-slate-500 hover:bg-slate-100">
              <ArrowRight aria-hidden className="h-4 w-4" />
            </button>
            <select aria-label={`Width of ${insight.name}`} className={control} value={tile.width} onChange={(e) => props.onChange({ ...tile, width: Number(e.target.value) as Tile["width"] })}>
              {WIDTHS.map((w) => (
                <option key={w.value} value={w.value}>
                  {w.label}
                </option>
              ))}
            </select>
            <select aria-label={`Height of ${insight.name}`} className={control} value={tile.height} onChange={(e) => props.onChange({ ...tile, height: Number(e.target.value) as Tile["height"] })}>
              <option value={1}>Short</option>
              <option value={2}>Tall</option>
            </select>
            <button type="button" aria-label={`Remove ${insight.name}`} onClick={props.onRemove} className="rounded p-1 text-red-600 hover:bg-red-50">
              <Trash2 aria-hidden className="h-4 w-4" />
            </button>
          </div>
        )}
      </header>
      <div className="min-h-0 flex-1">
        <InsightView insight={def} query={query} canSaveSegments={false} compact height={tile.height === 2 ? 460 : 220} />
      </div>
    </section>
  );
}

/** Saved insights in a grid, with one date range and segment filter for all, refresh, and arranging. */
export function DashboardView({ dashboard, canWrite }: { dashboard: Dashboard; canWrite: boolean }) {
  const router = useRouter();
  const vocabulary = useVocabulary();
  const [tiles, setTiles] = useState(dashboard.tiles);
  const [range, setRange] = useState<DateRange | null>(null);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [refreshedAt, setRefreshedAt] = useState(() => new Date());
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const byId = new Map(dashboard.insights.map((i) => [i.id, i]));

  async function saveLayout() {
    setError(null);
    try {
      await api(`/api/dashboards/${dashboard.id}`, { method: "PUT", body: { name: dashboard.name, description: dashboard.description, tiles } });
      setEditing(false);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  // Drag a tile over another: it takes that place (the others shift); the buttons do the same from the keyboard.
  const [dragged, setDragged] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const dragOver = (i: number) => {
    if (dragged === null || dragged === i) return setOver(i);
    const next = [...tiles];
    const [t] = next.splice(dragged, 1);
    next.splice(i, 0, t!);
    setTiles(next);
    setDragged(i);
    setOver(i);
  };
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= tiles.length) return;
    const next = [...tiles];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setTiles(next);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 rounded-lg bg-white px-4 py-3 text-sm shadow-sm ring-1 ring-slate-200">
        <select aria-label="Dashboard dates" className={control} value={range ? "set" : ""} onChange={(e) => setRange(e.target.value ? { kind: "last", amount: 30, unit: "days" } : null)}>
          <option value="">Each insight&rsquo;s own dates</option>
          <option value="set">The same dates for all…</option>
        </select>
        {range && <RangePicker value={range} onChange={setRange} label="Dates for all" />}
        <SegmentFilter value={segmentId} segments={vocabulary.data?.segments ?? []} onChange={setSegmentId} />
        <span className="ml-auto text-xs text-slate-500">Last updated {refreshedAt.toLocaleTimeString()}</span>
        <Button
          variant="secondary"
          onClick={() => {
            setRefreshKey((k) => k + 1);
            setRefreshedAt(new Date());
          }}
        >
          <RefreshCw aria-hidden className="h-4 w-4" /> Refresh
        </Button>
        {canWrite &&
          (editing ? (
            <Button onClick={saveLayout}>Save layout</Button>
          ) : (
            <Button variant="secondary" onClick={() => setEditing(true)} title="Drag tiles to reorder them; choose each one's width and height">
              <Pencil aria-hidden className="h-4 w-4" /> Arrange
            </Button>
          ))}
      </div>
      {error && <Alert>{error}</Alert>}
      {tiles.length === 0 ? (
        <p className="rounded-lg border-2 border-dashed border-slate-200 bg-white px-6 py-10 text-center text-sm text-slate-600">
          This dashboard is empty. <Link href="/dashboards/insights/new" className="text-brand-700 hover:underline">Build an insight</Link> and save it here.
        </p>
      ) : (
        <div className="grid grid-cols-12 gap-4">
          {tiles.map((t, i) =>
            byId.has(t.insightId) ? (
              <TileCard
                key={t.insightId}
                tile={t}
                insight={byId.get(t.insightId)!}
                range={range}
                segmentId={segmentId}
                refreshKey={refreshKey}
                editing={editing}
                drag={{ onStart: () => setDragged(i), onOver: () => dragOver(i), onEnd: () => (setDragged(null), setOver(null)), dragging: dragged === i, target: over === i && dragged !== i }}
                onChange={(n) => setTiles(tiles.map((x, j) => (j === i ? n : x)))}
                onMove={(d) => move(i, d)}
                onRemove={() => setTiles(tiles.filter((_, j) => j !== i))}
              />
            ) : null,
          )}
        </div>
      )}
    </div>
  );
}
