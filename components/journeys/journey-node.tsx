"use client";
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { AlertTriangle } from "lucide-react";
import type { GraphNode } from "@/lib/journeys/schema";
import type { NodeStats } from "@/lib/journeys/stats";
import { cn } from "@/components/ui/cn";
import { HANDLE_LABELS, KINDS, STEP_WORDS } from "./labels";

export type JourneyNodeData = { node: GraphNode; summary: string; issues: string[]; stats?: NodeStats; handles: string[]; handleLabels: Record<string, string>; sinceTrigger?: string };
export type JourneyFlowNode = Node<JourneyNodeData, "journey">;

/** A step on the canvas: its kind, what it does, what is wrong with it, and (analytics on) who is there and what happened. */
export function JourneyNode({ data, selected }: NodeProps<JourneyFlowNode>) {
  const kind = KINDS[data.node.type];
  const Icon = kind.icon;
  const hasTarget = data.node.type !== "trigger" && data.node.type !== "goal";
  return (
    <div
      data-testid={`node-${data.node.id}`}
      className={cn(
        "w-60 rounded-lg border bg-white text-left shadow-sm",
        selected ? "border-brand-500 ring-2 ring-brand-200" : "border-slate-200",
        data.issues.length > 0 && "border-red-400 ring-2 ring-red-100",
      )}
    >
      {hasTarget && <Handle type="target" position={Position.Top} className="!h-3 !w-3 !border-2 !border-white !bg-slate-400" />}
      <div className="flex items-start gap-2 p-2.5">
        <span className={cn("mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-white", kind.tone)}>
          <Icon className="h-4 w-4" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {kind.label}
            {data.issues.length > 0 && (
              <span title={data.issues.join("\n")} className="ml-auto text-red-600" aria-label={`Problem: ${data.issues[0]}`}>
                <AlertTriangle className="h-3.5 w-3.5" aria-hidden />
              </span>
            )}
          </div>
          <div className="truncate text-sm text-slate-900" title={data.summary}>
            {data.summary}
          </div>
          {data.sinceTrigger && <div className="text-xs text-slate-500">{data.sinceTrigger} after the trigger</div>}
          {data.issues[0] && <div className="mt-1 text-xs text-red-700">{data.issues[0]}</div>}
        </div>
      </div>
      {data.stats && (
        <div className="flex flex-wrap gap-x-3 gap-y-0.5 border-t border-slate-100 bg-slate-50 px-2.5 py-1.5 text-xs text-slate-600" data-testid={`stats-${data.node.id}`}>
          <span>
            <strong className="text-slate-900">{data.stats.now.toLocaleString()}</strong> here now
          </span>
          {data.stats.reached > 0 && data.node.type !== "goal" && (
            <span title="Of the profiles that went through this step, how many converted (reached a goal)">
              <strong className="text-emerald-700">{((data.stats.converted / data.stats.reached) * 100).toFixed(1)}%</strong> converted
            </span>
          )}
          {Object.entries(data.stats.outcomes).map(([k, n]) => (
            <span key={k}>
              <strong className="text-slate-900">{n.toLocaleString()}</strong> {(STEP_WORDS[k] ?? k).toLowerCase()}
            </span>
          ))}
        </div>
      )}
      {data.handles.map((h, i) => (
        <Handle
          key={h}
          id={h}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((i + 1) / (data.handles.length + 1)) * 100}%` }}
          className="!h-3 !w-3 !border-2 !border-white !bg-brand-500"
        >
          {(data.handleLabels[h] ?? HANDLE_LABELS[h]) && (
            <span className="pointer-events-none absolute top-3 left-1/2 -translate-x-1/2 rounded bg-white px-1 text-[10px] font-medium whitespace-nowrap text-slate-600 ring-1 ring-slate-200">
              {data.handleLabels[h] ?? HANDLE_LABELS[h]}
            </span>
          )}
        </Handle>
      ))}
    </div>
  );
}
