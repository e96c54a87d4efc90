"use client";
import type { JourneySettings } from "@/lib/journeys/schema";
import { SelectField, TextField } from "@/components/ui/field";

/** Re-entry, frequency cap, quiet hours and exit on leaving the trigger segment. */
export function SettingsPanel({ settings, onChange, readOnly, segmentTrigger }: { settings: JourneySettings; onChange: (s: JourneySettings) => void; readOnly: boolean; segmentTrigger: boolean }) {
  const r = settings.reentry;
  return (
    <fieldset disabled={readOnly} className="grid max-w-3xl gap-6 sm:grid-cols-2">
      <div className="space-y-2">
        <SelectField
          label="Can a profile enter again?"
          value={r.mode}
          onChange={(e) => onChange({ ...settings, reentry: e.target.value === "after" ? { mode: "after", days: 30 } : { mode: e.target.value as "never" | "always" } })}
          hint="Never twice at the same time, whatever you choose."
        >
          <option value="never">Never: once per profile</option>
          <option value="after">Again after some days</option>
          <option value="always">Every time the trigger fires</option>
        </SelectField>
        {r.mode === "after" && <TextField label="Days before entering again" type="number" min={1} value={r.days} onChange={(e) => onChange({ ...settings, reentry: { mode: "after", days: Number(e.target.value) || 1 } })} />}
      </div>
      <div className="space-y-2">
        <SelectField
          label="Frequency cap (across all journeys)"
          value={settings.frequencyCap ? "on" : "off"}
          onChange={(e) => onChange({ ...settings, frequencyCap: e.target.value === "on" ? { max: 1, per: "day" } : null })}
          hint="Emails over the cap are skipped, with the reason in the profile's trace."
        >
          <option value="off">No cap</option>
          <option value="on">At most N emails per profile…</option>
        </SelectField>
        {settings.frequencyCap && (
          <div className="flex gap-2">
            <TextField label="Emails" type="number" min={1} value={settings.frequencyCap.max} onChange={(e) => onChange({ ...settings, frequencyCap: { ...settings.frequencyCap!, max: Number(e.target.value) || 1 } })} />
            <SelectField label="Per" value={settings.frequencyCap.per} onChange={(e) => onChange({ ...settings, frequencyCap: { ...settings.frequencyCap!, per: e.target.value as "day" | "week" } })}>
              <option value="day">day</option>
              <option value="week">week</option>
            </SelectField>
          </div>
        )}
      </div>
      <div className="space-y-2">
        <SelectField
          label="Quiet hours"
          value={settings.quietHours ? "on" : "off"}
          onChange={(e) => onChange({ ...settings, quietHours: e.target.value === "on" ? { start: "21:00", end: "08:00" } : null })}
          hint="Emails due in quiet hours wait until they end, in the profile's timezone."
        >
          <option value="off">Send at any hour</option>
          <option value="on">Hold emails at night…</option>
        </SelectField>
        {settings.quietHours && (
          <div className="flex gap-2">
            <TextField label="From" type="time" value={settings.quietHours.start} onChange={(e) => onChange({ ...settings, quietHours: { ...settings.quietHours!, start: e.target.value } })} />
            <TextField label="Until" type="time" value={settings.quietHours.end} onChange={(e) => onChange({ ...settings, quietHours: { ...settings.quietHours!, end: e.target.value } })} />
          </div>
        )}
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" className="mt-1" checked={settings.exitOnSegmentExit} disabled={!segmentTrigger} onChange={(e) => onChange({ ...settings, exitOnSegmentExit: e.target.checked })} />
        <span>
          <span className="font-medium">Exit when the profile leaves the trigger segment</span>
          <span className="block text-xs text-slate-500">For journeys started by entering a segment: someone who orders leaves the abandoned-cart journey at once.</span>
        </span>
      </label>
    </fieldset>
  );
}
