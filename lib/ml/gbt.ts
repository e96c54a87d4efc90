import { sigmoid } from "./logistic";

/**
 * Gradient-boosted decision trees for binary classification (logistic loss), histogram-based like
 * LightGBM / XGBoost's `hist`: each feature's values are cut into at most `bins` buckets once, trees
 * grow level by level choosing the split with the largest second-order gain, missing values go to
 * whichever side gains more, leaves hold −G/(H+λ) times the learning rate. Early stopping on a
 * validation set keeps the number of trees that predicted it best. Columns are column-major
 * (`cols[feature][row]`, NaN for missing).
 */
export type Tree = { feature: number[]; threshold: number[]; missingLeft: boolean[]; left: number[]; right: number[]; value: number[] };
export type GbtModel = { kind: "gbt"; base: number; trees: Tree[]; importance: number[] };
export type GbtOptions = {
  trees?: number;
  depth?: number;
  learningRate?: number;
  lambda?: number;
  minChildWeight?: number;
  bins?: number;
  weights?: Float64Array;
  valid?: { cols: Float64Array[]; n: number; y: ArrayLike<number> };
  earlyStop?: number;
  /** Called after each tree; awaited, so a long fit lets the rest of the process run. */
  onTree?: (done: number, total: number) => void | Promise<void>;
};

type Binned = { edges: Float64Array[]; codes: Uint8Array[]; nb: number[] };

/** Bucket edges per feature: every distinct value when few, else quantiles; bucket `nb` holds the missing. */
export function binColumns(cols: Float64Array[], n: number, bins: number): Binned {
  const edges: Float64Array[] = [];
  const codes: Uint8Array[] = [];
  const nb: number[] = [];
  for (const col of cols) {
    const vals = Float64Array.from(col.filter((v) => !Number.isNaN(v))).sort();
    const distinct: number[] = [];
    for (let i = 0; i < vals.length; i++) if (i === 0 || vals[i] !== vals[i - 1]) distinct.push(vals[i]!);
    let e: number[];
    if (distinct.length <= bins) e = distinct.slice(0, -1).map((v, i) => (v + distinct[i + 1]!) / 2);
    else {
      e = [];
      for (let k = 1; k < bins; k++) {
        const q = vals[Math.floor((k * vals.length) / bins)]!;
        if (e.length === 0 || q > e[e.length - 1]!) e.push(q);
      }
      if (e.length && e[e.length - 1]! >= distinct[distinct.length - 1]!) e.pop();
    }
    const edge = Float64Array.from(e);
    const code = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (Number.isNaN(v)) code[i] = edge.length + 1;
      else {
        let lo = 0;
        let hi = edge.length; // first edge >= v
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (edge[mid]! < v) lo = mid + 1;
          else hi = mid;
        }
        code[i] = lo;
      }
    }
    edges.push(edge);
    codes.push(code);
    nb.push(edge.length + 1);
  }
  return { edges, codes, nb };
}

type Split = { gain: number; feature: number; bin: number; missingLeft: boolean };

export async function fitGbt(cols: Float64Array[], n: number, y: ArrayLike<number>, opts: GbtOptions = {}): Promise<GbtModel> {
  const nTrees = opts.trees ?? 300;
  const depth = opts.depth ?? 4;
  const lr = opts.learningRate ?? 0.1;
  const lambda = opts.lambda ?? 1;
  const minChild = opts.minChildWeight ?? 1;
  const w = opts.weights;
  const f = cols.length;
  const { edges, codes, nb } = binColumns(cols, n, Math.min(opts.bins ?? 64, 254));
  const offsets: number[] = [];
  let totalBins = 0;
  for (let j = 0; j < f; j++) {
    offsets.push(totalBins);
    totalBins += nb[j]! + 1; // + the missing bucket
  }
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    sw += wi;
    sy += wi * y[i]!;
  }
  const mean = Math.min(1 - 1e-6, Math.max(1e-6, sy / sw));
  const base = Math.log(mean / (1 - mean));
  const raw = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const importance = new Array<number>(f).fill(0);
  const trees: Tree[] = [];
  const valid = opts.valid;
  const validRaw = valid ? new Float64Array(valid.n).fill(base) : null;
  let best = { loss: Infinity, trees: 0 };

  const histogram = (rows: Int32Array): Float64Array => {
    const hist = new Float64Array(totalBins * 2);
    for (let j = 0; j < f; j++) {
      const code = codes[j]!;
      const off = offsets[j]! * 2;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        const b = off + code[i]! * 2;
        hist[b] += g[i]!;
        hist[b + 1] += h[i]!;
      }
    }
    return hist;
  };
  const bestSplit = (hist: Float64Array, G: number, H: number): Split | null => {
    let bestS: Split | null = null;
    const parent = (G * G) / (H + lambda);
    for (let j = 0; j < f; j++) {
      const off = offsets[j]! * 2;
      const last = nb[j]!; // buckets 0..last-1 hold values, bucket `last` the missing
      const gm = hist[off + last * 2]!;
      const hm = hist[off + last * 2 + 1]!;
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < last - 1; b++) {
        gl += hist[off + b * 2]!;
        hl += hist[off + b * 2 + 1]!;
        for (let side = hm > 0 ? 2 : 1; side > 0; side--) {
          const missingLeft = side === 2;
          const GL = missingLeft ? gl + gm : gl;
          const HL = missingLeft ? hl + hm : hl;
          const GR = G - GL;
          const HR = H - HL;
          if (HL < minChild || HR < minChild) continue;
          const gain = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parent;
          if (gain > 1e-12 && (!bestS || gain > bestS.gain)) bestS = { gain, feature: j, bin: b, missingLeft };
        }
      }
    }
    return bestS;
  };

  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      const wi = w ? w[i]! : 1;
      g[i] = wi * (p - y[i]!);
      h[i] = wi * Math.max(p * (1 - p), 1e-16);
    }
    const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };
    const leafOf = new Int32Array(n);
    const addNode = () => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.missingLeft.push(false);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      return tree.feature.length - 1;
    };
    type Pending = { node: number; rows: Int32Array; hist: Float64Array; G: number; H: number };
    let level: Pending[] = [];
    const all = new Int32Array(n);
    let G0 = 0;
    let H0 = 0;
    for (let i = 0; i < n; i++) {
      all[i] = i;
      G0 += g[i]!;
      H0 += h[i]!;
    }
    level.push({ node: addNode(), rows: all, hist: histogram(all), G: G0, H: H0 });
    for (let d = 0; d <= depth && level.length; d++) {
      const next: Pending[] = [];
      for (const p of level) {
        const s = d < depth ? bestSplit(p.hist, p.G, p.H) : null;
        if (!s) {
          tree.value[p.node] = (-p.G / (p.H + lambda)) * lr;
          for (let k = 0; k < p.rows.length; k++) leafOf[p.rows[k]!] = p.node;
          continue;
        }
        importance[s.feature] += s.gain;
        const code = codes[s.feature]!;
        const missing = nb[s.feature]!;
        const goesLeft = (i: number) => (code[i] === missing ? s.missingLeft : code[i]! <= s.bin);
        let nl = 0;
        for (let k = 0; k < p.rows.length; k++) if (goesLeft(p.rows[k]!)) nl++;
        const lrows = new Int32Array(nl);
        const rrows = new Int32Array(p.rows.length - nl);
        let a = 0;
        let b = 0;
        let GL = 0;
        let HL = 0;
        for (let k = 0; k < p.rows.length; k++) {
          const i = p.rows[k]!;
          if (goesLeft(i)) {
            lrows[a++] = i;
            GL += g[i]!;
            HL += h[i]!;
          } else rrows[b++] = i;
        }
        // The smaller child's histogram is built, the larger one's is the parent's minus it.
        const smallLeft = nl <= p.rows.length - nl;
        const small = histogram(smallLeft ? lrows : rrows);
        const large = p.hist;
        for (let k = 0; k < large.length; k++) large[k] -= small[k]!;
        const ln = addNode();
        const rn = addNode();
        tree.feature[p.node] = s.feature;
        tree.threshold[p.node] = s.bin < edges[s.feature]!.length ? edges[s.feature]![s.bin]! : Infinity;
        tree.missingLeft[p.node] = s.missingLeft;
        tree.left[p.node] = ln;
        tree.right[p.node] = rn;
        next.push({ node: ln, rows: lrows, hist: smallLeft ? small : large, G: GL, H: HL }, { node: rn, rows: rrows, hist: smallLeft ? large : small, G: p.G - GL, H: p.H - HL });
      }
      level = next;
    }
    for (let i = 0; i < n; i++) raw[i] += tree.value[leafOf[i]!]!;
    trees.push(tree);
    await opts.onTree?.(t + 1, nTrees);
    if ((t + 1) % 5 === 0) await new Promise((r) => setImmediate(r));
    if (valid && validRaw) {
      let loss = 0;
      for (let i = 0; i < valid.n; i++) {
        validRaw[i] += treeValue(tree, valid.cols, i);
        const pr = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(validRaw[i]!)));
        loss -= valid.y[i] === 1 ? Math.log(pr) : Math.log(1 - pr);
      }
      if (loss < best.loss - 1e-9) best = { loss, trees: t + 1 };
      else if (t + 1 - best.trees >= (opts.earlyStop ?? 20)) break;
    }
  }
  return { kind: "gbt", base, trees: valid ? trees.slice(0, Math.max(1, best.trees)) : trees, importance };
}

function treeValue(tree: Tree, cols: Float64Array[], i: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const v = cols[tree.feature[node]!]![i]!;
    node = (Number.isNaN(v) ? tree.missingLeft[node] : v <= tree.threshold[node]!) ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}

/** Raw scores (log-odds) for column-major data. */
export function gbtRaw(m: GbtModel, cols: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n).fill(m.base);
  for (const t of m.trees) for (let i = 0; i < n; i++) out[i] += treeValue(t, cols, i);
  return out;
}
