import { buildEncoder, columnNames, encodeColumns, encodeRows, type EncoderSpec, type Raw } from "./encode";
import { fitGbt, gbtRaw, type GbtModel } from "./gbt";
import { fitLogistic, logisticRaw, sigmoid, type LogisticModel } from "./logistic";
import { calibration, liftTable, logLoss, prAuc, rocAuc, type CalibrationBin, type Decile } from "./metrics";

export const ALGORITHMS = ["auto", "gbt", "logistic"] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** Everything needed to score a profile later: how to encode its features, the fitted model, the prior correction. */
export type Trained = { algorithm: "gbt" | "logistic"; encoder: EncoderSpec; model: GbtModel | LogisticModel; offset: number };
export type Metrics = {
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  baseRate: number;
  rows: number;
  calibration: CalibrationBin[];
  lift: Decile[];
  importance: { feature: string; importance: number }[];
};
export type LabelledSet = { rows: Raw[]; y: number[] };

/** Probabilities for raw feature rows. */
export function predict(t: Trained, rows: Raw[]): Float64Array {
  const raw = t.algorithm === "gbt" ? gbtRaw(t.model as GbtModel, encodeColumns(t.encoder, rows), rows.length) : (() => {
    const { X } = encodeRows(t.encoder, rows);
    return logisticRaw(t.model as LogisticModel, X, rows.length);
  })();
  return raw.map((z) => sigmoid(z + t.offset));
}

export function evaluate(t: Trained, set: LabelledSet): Omit<Metrics, "importance"> {
  const p = predict(t, set.rows);
  const positives = set.y.reduce((s, v) => s + v, 0);
  return { rocAuc: rocAuc(p, set.y), prAuc: prAuc(p, set.y), logLoss: logLoss(p, set.y), baseRate: set.y.length ? positives / set.y.length : 0, rows: set.y.length, calibration: calibration(p, set.y), lift: liftTable(p, set.y) };
}

/**
 * How much each original feature matters, as shares of the total: split gain for trees; for the
 * linear model |coefficient| × the column's spread (what a typical change of it moves the score),
 * summed over a feature's columns.
 */
function importance(t: Trained, fit: Raw[]): { feature: string; importance: number }[] {
  const { source } = columnNames(t.encoder, t.algorithm === "logistic");
  let raw: number[];
  if (t.algorithm === "gbt") raw = (t.model as GbtModel).importance;
  else {
    const { X, p } = encodeRows(t.encoder, fit);
    const n = fit.length;
    raw = (t.model as LogisticModel).coef.map((c, j) => {
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        sum += X[i * p + j]!;
        sq += X[i * p + j]! ** 2;
      }
      const mean = sum / Math.max(n, 1);
      return Math.abs(c) * Math.sqrt(Math.max(sq / Math.max(n, 1) - mean * mean, 0));
    });
  }
  const by = new Map<string, number>();
  raw.forEach((v, j) => by.set(source[j]!, (by.get(source[j]!) ?? 0) + v));
  const total = [...by.values()].reduce((s, v) => s + v, 0) || 1;
  return [...by.entries()].map(([feature, v]) => ({ feature, importance: v / total })).sort((a, b) => b.importance - a.importance);
}

export type TrainInput = { features: string[]; fit: LabelledSet; stop: LabelledSet; test: LabelledSet; algorithm: Algorithm; onProgress?: (share: number, stage: string) => void };

/**
 * Fits the chosen algorithm (or both, keeping the one that ranks the early-stopping set better) on
 * `fit`, with `stop` for early stopping and choice, and measures the result on `test`, which neither
 * saw. Rare positives (under a quarter) are up-weighted to balance the classes, and the prior
 * correction `offset` brings the probabilities back to the real base rate.
 */
export async function trainClassifier(input: TrainInput): Promise<{ trained: Trained; metrics: Metrics }> {
  const encoder = buildEncoder(input.fit.rows, input.features);
  if (encoder.columns.length === 0) throw new Error("None of the chosen features has a value on these profiles: choose features that are filled.");
  const pos = input.fit.y.reduce((s, v) => s + v, 0);
  const n = input.fit.y.length;
  if (pos === 0 || pos === n) throw new Error(pos === 0 ? "No profile in the training data has the outcome: widen the horizon or the history." : "Every profile in the training data has the outcome: there is nothing to tell apart.");
  const rate = pos / n;
  const posWeight = rate < 0.25 ? Math.min((n - pos) / pos, 50) : 1;
  const weights = posWeight === 1 ? undefined : Float64Array.from(input.fit.y, (v) => (v === 1 ? posWeight : 1));
  const offset = -Math.log(posWeight);
  const candidates: Trained[] = [];
  const want = (a: "gbt" | "logistic") => input.algorithm === "auto" || input.algorithm === a;
  if (want("logistic")) {
    input.onProgress?.(0.05, "Fitting logistic regression");
    const { X, p } = encodeRows(encoder, input.fit.rows);
    candidates.push({ algorithm: "logistic", encoder, model: await fitLogistic(X, n, p, input.fit.y, { l2: 1, weights }), offset });
  }
  if (want("gbt")) {
    const cols = encodeColumns(encoder, input.fit.rows);
    const valid = { cols: encodeColumns(encoder, input.stop.rows), n: input.stop.y.length, y: input.stop.y };
    const from = want("logistic") ? 0.2 : 0.05;
    const model = await fitGbt(cols, n, input.fit.y, { trees: 400, depth: 4, learningRate: 0.08, weights, valid: valid.n ? valid : undefined, onTree: (done, total) => {
        if (done % 10 === 0) input.onProgress?.(from + (0.75 - from) * (done / total), `Growing trees (${done})`);
      } });
    candidates.push({ algorithm: "gbt", encoder, model, offset });
  }
  input.onProgress?.(0.8, "Measuring");
  let best = candidates[0]!;
  if (candidates.length > 1 && input.stop.y.length) {
    const score = (t: Trained) => rocAuc(predict(t, input.stop.rows), input.stop.y);
    best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  }
  return { trained: best, metrics: { ...evaluate(best, input.test), importance: importance(best, input.fit.rows) } };
}
