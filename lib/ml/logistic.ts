/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares): exact second-order steps, so a few iterations reach the optimum for the tens to hundreds
 * of columns marketing features have. The intercept is not penalised. Rows may carry weights
 * (class imbalance). X is row-major, n rows by p columns.
 */
export type LogisticModel = { kind: "logistic"; intercept: number; coef: number[]; iterations: number };
export type LogisticOptions = { l2?: number; weights?: Float64Array; maxIter?: number; tol?: number };

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b for a symmetric positive-definite A (d by d, row-major) by Cholesky; A is left untouched. */
export function solveSpd(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      if (i === j) L[i * d + i] = Math.sqrt(Math.max(s, 1e-12));
      else L[i * d + j] = s / L[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * y[k]!;
    y[i] = s / L[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * x[k]!;
    x[i] = s / L[i * d + i]!;
  }
  return x;
}

export async function fitLogistic(X: Float64Array, n: number, p: number, y: ArrayLike<number>, opts: LogisticOptions = {}): Promise<LogisticModel> {
  const l2 = opts.l2 ?? 1;
  const w = opts.weights;
  const d = p + 1; // index 0 is the intercept
  const beta = new Float64Array(d);
  let iterations = 0;
  for (; iterations < (opts.maxIter ?? 50); iterations++) {
    const grad = new Float64Array(d);
    const H = new Float64Array(d * d);
    const row = new Float64Array(d);
    row[0] = 1;
    for (let i = 0; i < n; i++) {
      let z = beta[0]!;
      const off = i * p;
      for (let j = 0; j < p; j++) {
        row[j + 1] = X[off + j]!;
        z += beta[j + 1]! * X[off + j]!;
      }
      const mu = sigmoid(z);
      const wi = w ? w[i]! : 1;
      const r = wi * (mu - y[i]!);
      const h = wi * mu * (1 - mu);
      for (let a = 0; a < d; a++) {
        const ra = row[a]!;
        if (ra === 0) continue;
        grad[a] += r * ra;
        const hra = h * ra;
        for (let b = 0; b <= a; b++) H[a * d + b] += hra * row[b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b]!;
    for (let j = 1; j < d; j++) {
      grad[j] += l2 * beta[j]!;
      H[j * d + j] += l2;
    }
    const step = solveSpd(H, grad, d);
    await new Promise((r) => setImmediate(r)); // a long fit lets the rest of the process run between steps
    let biggest = 0;
    for (let a = 0; a < d; a++) {
      beta[a] -= step[a]!;
      biggest = Math.max(biggest, Math.abs(step[a]!));
    }
    if (biggest < (opts.tol ?? 1e-8)) {
      iterations++;
      break;
    }
  }
  return { kind: "logistic", intercept: beta[0]!, coef: Array.from(beta.subarray(1)), iterations };
}

/** Raw scores (log-odds) for row-major X. */
export function logisticRaw(m: LogisticModel, X: Float64Array, n: number): Float64Array {
  const p = m.coef.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = m.intercept;
    for (let j = 0; j < p; j++) z += m.coef[j]! * X[i * p + j]!;
    out[i] = z;
  }
  return out;
}

export { sigmoid };
