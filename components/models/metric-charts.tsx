"use client";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { Metrics } from "@/lib/ml/train";
import { pct } from "./labels";

const AXIS = { fontSize: 11 };

/** Predicted probability against the observed rate per bin: on the diagonal, a score of 0.7 means 70%. */
export function CalibrationChart({ metrics }: { metrics: Metrics }) {
  const data = metrics.calibration.map((b) => ({ predicted: Math.round(b.predicted * 1000) / 10, observed: Math.round(b.observed * 1000) / 10, count: b.count }));
  return (
    <div className="h-60" role="img" aria-label="Calibration: predicted against observed">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ left: -10, right: 10, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="predicted" type="number" domain={[0, 100]} tick={AXIS} unit="%" name="Predicted" />
          <YAxis type="number" domain={[0, 100]} tick={AXIS} unit="%" />
          <Tooltip formatter={(v, n) => [n === "Profiles" ? v : `${v}%`, n]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line data={[{ predicted: 0, ideal: 0 }, { predicted: 100, ideal: 100 }]} dataKey="ideal" name="Perfect calibration" stroke="#94a3b8" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          <Scatter dataKey="observed" name="Observed rate" fill="#4f6bf5" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Positive rate per decile of score (bars) and the share of all positives found so far (the gains line). */
export function LiftChart({ metrics }: { metrics: Metrics }) {
  const data = metrics.lift.map((d) => ({ decile: `${d.decile * 10}%`, rate: Math.round(d.rate * 1000) / 10, gain: Math.round(d.cumulativeGain * 1000) / 10, lift: Math.round(d.lift * 10) / 10 }));
  return (
    <div className="h-60" role="img" aria-label="Lift and gains by decile">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ left: -10, right: 10, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="decile" tick={AXIS} />
          <YAxis tick={AXIS} unit="%" domain={[0, 100]} />
          <Tooltip formatter={(v, n) => [`${v}%`, n]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="rate" name="Rate in this decile" fill="#c7d2fe" isAnimationActive={false} />
          <Line dataKey="gain" name="Positives found (cumulative)" stroke="#4f6bf5" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Share of the model's decisions each input accounts for. */
export function ImportanceChart({ metrics }: { metrics: Metrics }) {
  const data = metrics.importance.slice(0, 12).map((f) => ({ feature: f.feature, share: Math.round(f.importance * 1000) / 10 }));
  return (
    <div style={{ height: 40 + data.length * 26 }} role="img" aria-label="Feature importance">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 40, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
          <XAxis type="number" tick={AXIS} unit="%" />
          <YAxis type="category" dataKey="feature" tick={AXIS} width={130} />
          <Tooltip formatter={(v) => [`${v}%`, "Importance"]} />
          <Bar dataKey="share" fill="#4f6bf5" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** ROC AUC of each version over time. */
export function VersionsChart({ points }: { points: { version: number; auc: number; status: string }[] }) {
  if (points.length < 2) return null;
  return (
    <div className="h-40" role="img" aria-label="ROC AUC per version">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points.map((p) => ({ ...p, label: `v${p.version}`, aucPct: Math.round(p.auc * 1000) / 10 }))} margin={{ left: -10, right: 10, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} />
          <YAxis tick={AXIS} unit="%" domain={["auto", "auto"]} />
          <Tooltip formatter={(v) => [`${v}%`, "ROC AUC"]} />
          <Line dataKey="aucPct" name="ROC AUC" stroke="#4f6bf5" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export { pct };
