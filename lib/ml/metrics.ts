/**
 * Metrics of a binary classifier's scores against 0/1 labels: ranking (ROC AUC, PR AUC), probability
 * quality (log loss, calibration by bins), and what a marketer acts on (lift and gains by decile).
 */

/** Area under the ROC curve: the chance a random positive scores above a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1; // ranks from 1, tied scores share the average rank
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) {
      pos++;
      rankSum += midRank;
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Area under the precision-recall curve as average precision: precision at each positive, best scores first (tied scores taken together). */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i] === 1 ? 1 : 0;
  if (total === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let groupPos = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (labels[order[j]!] === 1) groupPos++;
      j++;
    }
    tp += groupPos;
    seen += j - i;
    ap += (groupPos / total) * (tp / seen);
    i = j;
  }
  return ap;
}

const EPS = 1e-15;

/** Mean negative log-likelihood of the labels under the predicted probabilities. */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probs[i]!));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probs.length;
}

export type CalibrationBin = { predicted: number; observed: number; count: number };

/** Mean predicted probability against the observed rate, in `bins` equal-width bins of the prediction (empty bins left out). */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const b = Math.min(bins - 1, Math.floor(probs[i]! * bins));
    sumP[b] += probs[i]!;
    sumY[b] += labels[i] === 1 ? 1 : 0;
    count[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) if (count[b]) out.push({ predicted: sumP[b]! / count[b]!, observed: sumY[b]! / count[b]!, count: count[b]! });
  return out;
}

export type Decile = { decile: number; count: number; positives: number; rate: number; lift: number; cumulativeGain: number };

/**
 * Profiles ranked by score, cut in ten equal groups (best first): each group's positive rate, its
 * lift over the base rate, and the share of all positives found down to that group (the gains curve).
 */
export function liftTable(scores: ArrayLike<number>, labels: ArrayLike<number>): Decile[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i] === 1 ? 1 : 0;
  const base = total / n;
  const out: Decile[] = [];
  let found = 0;
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    let pos = 0;
    for (let k = from; k < to; k++) pos += labels[order[k]!] === 1 ? 1 : 0;
    found += pos;
    const count = to - from;
    const rate = count ? pos / count : 0;
    out.push({ decile: d + 1, count, positives: pos, rate, lift: base ? rate / base : 0, cumulativeGain: total ? found / total : 0 });
  }
  return out;
}

/**
 * Population stability index between two samples of a value (a feature or a score), over the
 * reference sample's deciles: under 0.1 stable, 0.1–0.25 some shift, over 0.25 a real shift.
 */
export function psi(reference: number[], current: number[]): number {
  const ref = reference.filter(Number.isFinite).sort((a, b) => a - b);
  const cur = current.filter(Number.isFinite);
  if (ref.length < 10 || cur.length < 10) return 0;
  const edges = Array.from({ length: 9 }, (_, i) => ref[Math.floor(((i + 1) * ref.length) / 10)]!);
  const share = (xs: number[]) => {
    const c = new Float64Array(10);
    for (const x of xs) {
      let b = 0;
      while (b < 9 && x > edges[b]!) b++;
      c[b]++;
    }
    return Array.from(c, (v) => Math.max(v / xs.length, 1e-4));
  };
  const a = share(ref);
  const b = share(cur);
  let s = 0;
  for (let i = 0; i < 10; i++) s += (b[i]! - a[i]!) * Math.log(b[i]! / a[i]!);
  return s;
}
