"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TableHead } from "@/components/ui/table-head";
import { parse } from "csv-parse/browser/esm/sync";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ApiError } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { guessMapping, type ColumnRole, type ImportMapping } from "@/lib/imports/mapping";
import { CONSENT_PURPOSES } from "@/lib/demo/catalog";

const ROLE_OPTIONS: { value: string; label: string; kinds: ImportMapping["kind"][] }[] = [
  { value: "user_id", label: "User id", kinds: ["profiles", "events"] },
  { value: "email", label: "Email", kinds: ["profiles", "events"] },
  { value: "anonymous_id", label: "Anonymous id", kinds: ["profiles", "events"] },
  { value: "external_id", label: "External id", kinds: ["profiles", "events"] },
  { value: "trait", label: "Trait", kinds: ["profiles"] },
  { value: "consent", label: "Consent", kinds: ["profiles", "events"] },
  { value: "event_name", label: "Event name", kinds: ["events"] },
  { value: "timestamp", label: "Event time", kinds: ["events"] },
  { value: "property", label: "Event property", kinds: ["events"] },
  { value: "ignore", label: "Skip", kinds: ["profiles", "events"] },
];

function roleFor(value: string, column: string, previous: ColumnRole): ColumnRole {
  const name = "name" in previous ? previous.name : column.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const type = "type" in previous && previous.role !== "external_id" ? previous.type : "string";
  switch (value) {
    case "trait":
    case "property":
      return { role: value, name, type };
    case "external_id":
      return { role: "external_id", type: "crm" };
    case "consent":
      return { role: "consent", purpose: "marketing_email" };
    default:
      return { role: value } as ColumnRole;
  }
}

export function ImportForm() {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [sample, setSample] = useState<Record<string, string>[]>([]);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  async function choose(f: File | null, kind: ImportMapping["kind"] = mapping?.kind ?? "profiles") {
    setFile(f);
    setReadError(null);
    setMapping(null);
    if (!f) return;
    try {
      const head = await f.slice(0, 64 * 1024).text();
      const lines = head.split(/\r?\n/).slice(0, 21).join("\n");
      const rows = parse(lines, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
      if (!rows[0]) throw new Error("The file has a header but no rows.");
      setSample(rows);
      setMapping(guessMapping(Object.keys(rows[0]), kind, rows));
    } catch (e) {
      setReadError(`This does not read as a CSV file with a header row: ${(e as Error).message}`);
    }
  }

  const start = useMutation({
    mutationFn: async () => {
      const body = new FormData();
      body.set("file", file!);
      body.set("mapping", JSON.stringify(mapping));
      const res = await fetch("/api/imports", { method: "POST", body });
      const data = await res.json().catch(() => null);
      if (!res.ok) throw new ApiError(data?.error?.message ?? `Import failed (${res.status})`, res.status);
      return data;
    },
    onSuccess: () => {
      setFile(null);
      setMapping(null);
      setInputKey((k) => k + 1);
      void qc.invalidateQueries({ queryKey: ["imports"] });
    },
  });

  const setColumn = (column: string, role: ColumnRole) => mapping && setMapping({ ...mapping, columns: { ...mapping.columns, [column]: role } });

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="csv-file" className="mb-1 block text-sm font-medium text-slate-700">
            CSV file
          </label>
          <input key={inputKey} id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-700" />
          <p className="mt-1 text-xs text-slate-500">UTF-8, comma-separated, with a header row. Up to 100 MB.</p>
        </div>
        <SelectField label="The rows are" value={mapping?.kind ?? "profiles"} onChange={(e) => choose(file, e.target.value as ImportMapping["kind"])}>
          <option value="profiles">People (one profile per row)</option>
          <option value="events">Events (one event per row)</option>
        </SelectField>
      </div>
      {readError && <Alert>{readError}</Alert>}
      {mapping && (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" aria-label="Column mapping">
            <TableHead columns={["Column", "Example", "Becomes", "Details"]} />
            <tbody>
              {Object.entries(mapping.columns).map(([column, role]) => (
                <tr key={column} className="border-b border-slate-100">
                  <td className="py-2 pr-4 font-medium">{column}</td>
                  <td className="max-w-48 truncate py-2 pr-4 text-slate-500">{sample[0]?.[column]}</td>
                  <td className="py-2 pr-4">
                    <select aria-label={`${column} becomes`} value={role.role} onChange={(e) => setColumn(column, roleFor(e.target.value, column, role))} className="rounded-md bg-white py-1 pr-8 pl-2 ring-1 ring-slate-300 ring-inset">
                      {ROLE_OPTIONS.filter((o) => o.kinds.includes(mapping.kind)).map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="py-2">
                    {(role.role === "trait" || role.role === "property") && (
                      <span className="flex gap-2">
                        <input aria-label={`${column} name`} value={role.name} onChange={(e) => setColumn(column, { ...role, name: e.target.value })} className="w-40 rounded-md px-2 py-1 ring-1 ring-slate-300 ring-inset" />
                        <select aria-label={`${column} type`} value={role.type} onChange={(e) => setColumn(column, { ...role, type: e.target.value as typeof role.type })} className="rounded-md py-1 pr-8 pl-2 ring-1 ring-slate-300 ring-inset">
                          {["string", "number", "boolean", "date"].map((t) => (
                            <option key={t}>{t}</option>
                          ))}
                        </select>
                      </span>
                    )}
                    {role.role === "consent" && (
                      <select aria-label={`${column} purpose`} value={role.purpose} onChange={(e) => setColumn(column, { role: "consent", purpose: e.target.value as typeof role.purpose })} className="rounded-md py-1 pr-8 pl-2 ring-1 ring-slate-300 ring-inset">
                        {CONSENT_PURPOSES.map((p) => (
                          <option key={p}>{p}</option>
                        ))}
                      </select>
                    )}
                    {role.role === "external_id" && (
                      <input aria-label={`${column} id type`} value={role.type} onChange={(e) => setColumn(column, { role: "external_id", type: e.target.value })} className="w-32 rounded-md px-2 py-1 ring-1 ring-slate-300 ring-inset" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {start.isError && <Alert>{start.error.message}</Alert>}
      <Button onClick={() => start.mutate()} disabled={!file || !mapping} busy={start.isPending}>
        {start.isPending ? "Uploading…" : "Start import"}
      </Button>
    </div>
  );
}
