"use client";
import { useMutation } from "@tanstack/react-query";
import { Bold, Heading2, Italic, Link2, List } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/ui/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

const VARIABLES = [
  ["First name", "{{ profile.first_name | default: \"there\" }}"],
  ["Email", "{{ profile.email }}"],
  ["Plan", "{{ profile.plan }}"],
  ["Triggering event's product", "{{ event.properties.product }}"],
  ["Journey name", "{{ journey.name }}"],
  ["Unsubscribe link", "{{ unsubscribe_url }}"],
] as const;

type Preview = { subject: string; html: string; text: string; profileLabel: string | null };

/** Subject, preheader and body (visual or HTML) with Liquid variables, a preview for a chosen profile, and a test send. */
export function EmailEditor({ config, onChange, readOnly, purposes, journeyName }: { config: Record<string, unknown>; onChange: (p: Record<string, unknown>) => void; readOnly: boolean; purposes: string[]; journeyName: string }) {
  const [mode, setMode] = useState<"visual" | "html">("visual");
  const [profile, setProfile] = useState("");
  const [to, setTo] = useState("");
  const html = String(config.html ?? "");
  const body = { subject: String(config.subject ?? ""), html, text: String(config.text ?? ""), journeyName };
  const preview = useMutation({ mutationFn: () => api<{ preview: Preview }>("/api/journeys/email-preview", { method: "POST", body: { ...body, profile: profile || undefined } }) });
  const test = useMutation({ mutationFn: () => api<{ to: string }>("/api/journeys/test-email", { method: "POST", body: { ...body, to, profile: profile || undefined } }) });
  const insert = (v: string) => {
    if (mode === "visual") document.execCommand("insertText", false, v);
    else onChange({ html: html + v });
  };
  return (
    <div className="space-y-3">
      <TextField label="Subject" placeholder="{{ profile.first_name | default: 'Hi' }}, you left something behind" value={body.subject} onChange={(e) => onChange({ subject: e.target.value })} />
      <TextField label="Preheader" hint="The grey line inboxes show after the subject." value={String(config.preheader ?? "")} onChange={(e) => onChange({ preheader: e.target.value })} />
      <SelectField label="Consent needed" value={String(config.purpose ?? "marketing_email")} onChange={(e) => onChange({ purpose: e.target.value })} hint="Profiles without this consent are skipped (shown in their trace).">
        {[...new Set(["marketing_email", ...purposes])].map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </SelectField>
      <div>
        <div className="mb-1 flex items-center justify-between">
          <span className="text-sm font-medium text-slate-700">Body</span>
          <div className="flex rounded-md ring-1 ring-slate-300" role="tablist" aria-label="Editor mode">
            {(["visual", "html"] as const).map((m) => (
              <button key={m} type="button" role="tab" aria-selected={mode === m} onClick={() => setMode(m)} className={cn("px-2 py-1 text-xs", mode === m ? "bg-slate-800 text-white" : "text-slate-700")}>
                {m === "visual" ? "Visual" : "HTML"}
              </button>
            ))}
          </div>
        </div>
        {mode === "visual" ? <RichText html={html} onChange={(h) => onChange({ html: h })} readOnly={readOnly} /> : (
          <textarea aria-label="Email HTML" className="h-48 w-full rounded-md p-2 font-mono text-xs ring-1 ring-slate-300" value={html} onChange={(e) => onChange({ html: e.target.value })} />
        )}
        <select aria-label="Insert a variable" className="mt-1 rounded-md px-2 py-1 text-xs ring-1 ring-slate-300" value="" onChange={(e) => e.target.value && insert(e.target.value)} disabled={readOnly}>
          <option value="">Insert a variable…</option>
          {VARIABLES.map(([label, v]) => (
            <option key={label} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-2 rounded-md bg-slate-50 p-2">
        <TextField label="Preview for" placeholder="profile id, user id or email" value={profile} onChange={(e) => setProfile(e.target.value)} />
        <Button type="button" variant="secondary" onClick={() => preview.mutate()} busy={preview.isPending}>
          Preview
        </Button>
        {preview.error && <Alert>{(preview.error as Error).message}</Alert>}
        {preview.data && (
          <div className="rounded-md bg-white p-2 ring-1 ring-slate-200" data-testid="email-preview">
            <div className="text-xs text-slate-500">{preview.data.preview.profileLabel ? `As ${preview.data.preview.profileLabel} gets it` : "With empty variables"}</div>
            <div className="text-sm font-semibold">{preview.data.preview.subject}</div>
            <iframe title="Email preview" sandbox="" className="mt-1 h-48 w-full rounded border border-slate-200" srcDoc={preview.data.preview.html} />
          </div>
        )}
        {!readOnly && (
          <div className="flex items-end gap-2">
            <TextField className="flex-1" label="Send a test to" type="email" placeholder="you@company.com" value={to} onChange={(e) => setTo(e.target.value)} />
            <Button type="button" variant="secondary" onClick={() => test.mutate()} busy={test.isPending} disabled={!to}>
              Send test
            </Button>
          </div>
        )}
        {test.error && <Alert>{(test.error as Error).message}</Alert>}
        {test.data && <Alert tone="success">Test sent to {test.data.to}.</Alert>}
      </div>
    </div>
  );
}

const TOOLS = [
  { label: "Bold", icon: Bold, cmd: "bold", arg: undefined },
  { label: "Italic", icon: Italic, cmd: "italic", arg: undefined },
  { label: "Heading", icon: Heading2, cmd: "formatBlock", arg: "h2" },
  { label: "Bulleted list", icon: List, cmd: "insertUnorderedList", arg: undefined },
  { label: "Link", icon: Link2, cmd: "createLink", arg: undefined },
] as const;

/** A small visual editor (bold, italic, heading, list, link) that keeps the HTML in the node. */
function RichText({ html, onChange, readOnly }: { html: string; onChange: (h: string) => void; readOnly: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.innerHTML !== html && document.activeElement !== ref.current) ref.current.innerHTML = html;
  }, [html]);
  const run = (t: (typeof TOOLS)[number]) => {
    const el = ref.current;
    if (!el) return;
    const arg = t.cmd === "createLink" ? window.prompt("Link to (https://…)") : t.arg;
    if (t.cmd === "createLink" && !arg) return;
    el.focus();
    document.execCommand(t.cmd, false, arg ?? undefined);
    onChange(el.innerHTML);
  };
  return (
    <div className="rounded-md ring-1 ring-slate-300">
      <div className="flex gap-1 border-b border-slate-200 p-1">
        {TOOLS.map((t) => (
          <button key={t.label} type="button" aria-label={t.label} title={t.label} disabled={readOnly} onMouseDown={(e) => e.preventDefault()} onClick={() => run(t)} className="rounded p-1 text-slate-600 hover:bg-slate-100">
            <t.icon className="h-4 w-4" aria-hidden />
          </button>
        ))}
      </div>
      <div
        ref={ref}
        role="textbox"
        aria-label="Email body"
        aria-multiline
        contentEditable={!readOnly}
        suppressContentEditableWarning
        onInput={(e) => onChange((e.target as HTMLDivElement).innerHTML)}
        className="min-h-40 p-2 text-sm focus:outline-none [&_a]:text-brand-700 [&_a]:underline [&_h2]:text-lg [&_h2]:font-semibold [&_p]:my-1.5 [&_ul]:list-disc [&_ul]:pl-5"
      />
    </div>
  );
}
