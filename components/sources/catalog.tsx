"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CatalogItem } from "@/lib/catalog";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import { useDebounced } from "@/components/ui/use-debounced";

const PII_TONE = { pii: "amber", sensitive: "red", normal: "gray" } as const;
const keyOf = (i: Pick<CatalogItem, "kind" | "event" | "field">) => `${i.kind}:${i.event}:${i.field}`;

/** Search the catalog, and describe an item: meaning, owner, team, tags, PII class. */
export function Catalog({ members, canEdit, userId, isAdmin }: { members: { id: string; name: string }[]; canEdit: boolean; userId: string; isAdmin: boolean }) {
  const qc = useQueryClient();
  const [q, setQ] = useState("");
  const [kind, setKind] = useState("");
  const search = useDebounced(q, 300);
  const list = useQuery({ queryKey: ["catalog", kind, search], queryFn: () => api<{ items: CatalogItem[] }>(`/api/catalog?kind=${kind}&q=${encodeURIComponent(search)}`) });
  const [open, setOpen] = useState<CatalogItem | null>(null);
  const [form, setForm] = useState({ description: "", ownerUserId: "", team: "", tags: "", pii: "" });
  const save = useMutation({
    mutationFn: () =>
      api("/api/catalog/entry", {
        method: "PUT",
        body: { kind: open!.kind, event: open!.event, field: open!.field, description: form.description, ownerUserId: form.ownerUserId || null, team: form.team, tags: form.tags.split(",").map((t) => t.trim()).filter(Boolean), pii: form.pii || null },
      }),
    onSuccess: () => {
      setOpen(null);
      qc.invalidateQueries({ queryKey: ["catalog"] });
    },
  });
  const edit = (i: CatalogItem) => {
    setOpen(i);
    setForm({ description: i.description, ownerUserId: i.ownerUserId ?? "", team: i.team, tags: i.tags.join(", "), pii: i.piiDetected ? "" : i.pii });
  };
  const items = list.data?.items ?? [];
  const mayEdit = (i: CatalogItem) => canEdit && (isAdmin || !i.ownerUserId || i.ownerUserId === userId);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-3">
        <div className="flex flex-wrap gap-2">
          <input type="search" aria-label="Search the catalog" placeholder="Search names, descriptions, teams, tags" className="min-w-64 flex-1 rounded-md bg-white px-3 py-2 text-sm ring-1 ring-slate-300" value={q} onChange={(e) => setQ(e.target.value)} />
          <select aria-label="Kind" className="rounded-md bg-white px-2 py-2 text-sm ring-1 ring-slate-300" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">Events and traits</option>
            <option value="event">Events</option>
            <option value="property">Event properties</option>
            <option value="trait">Traits</option>
          </select>
        </div>
        {list.isLoading ? (
          <p className="text-sm text-slate-500">Reading the data…</p>
        ) : items.length === 0 ? (
          <p className="text-sm text-slate-600">{q ? `Nothing matches “${q}”.` : "Nothing seen yet: the catalog fills itself as sources send data."}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg bg-white px-4 py-2 ring-1 ring-slate-200">
            <table className="w-full text-sm" data-testid="catalog">
              <TableHead columns={["Name", "Type / examples", { label: "Volume", className: "text-right" }, "Last seen", "PII", "Owner", "Used in"]} />
              <tbody className="divide-y divide-slate-100">
                {items.map((i) => (
                  <tr key={keyOf(i)} className={open && keyOf(open) === keyOf(i) ? "bg-brand-50" : undefined}>
                    <td className="py-2 pr-3">
                      <button type="button" className="text-left font-medium text-brand-700 hover:underline" onClick={() => edit(i)}>
                        {i.kind === "event" ? i.event : i.kind === "property" ? `${i.event} · ${i.field}` : i.field}
                      </button>
                      <div className="text-xs text-slate-500">
                        {i.kind}
                        {i.description ? ` · ${i.description}` : ""}
                        {i.tags.length ? ` · ${i.tags.map((t) => `#${t}`).join(" ")}` : ""}
                      </div>
                    </td>
                    <td className="max-w-48 truncate py-2 pr-3 text-xs text-slate-600" title={i.examples.join(", ")}>
                      {i.type ?? ""} {i.examples.length ? <span className="text-slate-400">{i.examples.slice(0, 2).join(", ")}</span> : null}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{i.volume?.toLocaleString() ?? ""}</td>
                    <td className="py-2 pr-3 text-xs whitespace-nowrap text-slate-600">{i.lastSeen ? formatRelative(i.lastSeen) : ""}</td>
                    <td className="py-2 pr-3">
                      <Badge tone={PII_TONE[i.pii]}>{i.pii}</Badge>
                      {i.piiDetected && i.pii !== "normal" && <span className="ml-1 text-[10px] text-slate-400">detected</span>}
                    </td>
                    <td className="py-2 pr-3 text-xs text-slate-700">{[i.ownerName, i.team].filter(Boolean).join(" · ")}</td>
                    <td className="py-2 text-xs whitespace-nowrap text-slate-600" title={i.usedIn.map((u) => `${u.kind} ${u.name}`).join("\n")}>
                      {i.usedIn.length ? `${i.usedIn.length} place${i.usedIn.length === 1 ? "" : "s"}` : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <aside className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
        {open ? (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <h2 className="font-semibold text-slate-900">{open.kind === "property" ? `${open.event} · ${open.field}` : open.event || open.field}</h2>
            {open.usedIn.length > 0 && (
              <div className="text-xs text-slate-600">
                <p className="font-medium text-slate-700">Used in</p>
                <ul className="list-disc pl-4">
                  {open.usedIn.map((u) => (
                    <li key={u.id}>
                      {u.kind} {u.name}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <fieldset disabled={!mayEdit(open)} className="space-y-3">
              <TextField label="What it means" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
              <SelectField label="Owner" value={form.ownerUserId} onChange={(e) => setForm({ ...form, ownerUserId: e.target.value })}>
                <option value="">{isAdmin ? "Nobody yet" : "Me"}</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </SelectField>
              <TextField label="Team" value={form.team} onChange={(e) => setForm({ ...form, team: e.target.value })} />
              <TextField label="Tags" hint="Comma-separated" value={form.tags} onChange={(e) => setForm({ ...form, tags: e.target.value })} />
              <SelectField label="Personal data" value={form.pii} onChange={(e) => setForm({ ...form, pii: e.target.value })} hint="Detected from the name until you choose.">
                <option value="">{`Detected: ${open.piiDetected ? open.pii : "from the name"}`}</option>
                <option value="pii">PII</option>
                <option value="sensitive">Sensitive</option>
                <option value="normal">Not personal</option>
              </SelectField>
            </fieldset>
            {mayEdit(open) ? (
              <Button type="submit" busy={save.isPending}>
                Save
              </Button>
            ) : (
              <p className="text-xs text-slate-500">Only its owner or an Admin can change this entry.</p>
            )}
            {save.error && <Alert>{(save.error as Error).message}</Alert>}
          </form>
        ) : (
          <p className="text-sm text-slate-600">Choose an item to say what it means, who owns it, and whether it is personal data.</p>
        )}
      </aside>
    </div>
  );
}
