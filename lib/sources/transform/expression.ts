import { StepFailure } from "./failure";

/**
 * The small expression language of "derive" steps: numbers, 'text', fields (`properties.price`),
 * + - * / with parentheses, and round(x, digits), lower(x), upper(x), coalesce(a, b, …).
 * `+` joins text when either side is text. No other code can run.
 */
export type Expr =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "field"; path: string }
  | { t: "neg"; e: Expr }
  | { t: "bin"; op: "+" | "-" | "*" | "/"; a: Expr; b: Expr }
  | { t: "call"; fn: string; args: Expr[] };

const FUNCTIONS = ["round", "lower", "upper", "coalesce"];

export class ExpressionError extends Error {}

type Token = { k: "num" | "str" | "id" | "op"; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?/i.exec(src.slice(i))!;
      out.push({ k: "num", v: m[0] });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError("A text in quotes is not closed");
      out.push({ k: "str", v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_$-]+)*/.exec(src.slice(i))!;
      out.push({ k: "id", v: m[0] });
      i += m[0].length;
    } else if ("+-*/(),".includes(c)) {
      out.push({ k: "op", v: c });
      i++;
    } else throw new ExpressionError(`Unexpected “${c}” in the expression`);
  }
  return out;
}

/** Parses an expression, or throws an ExpressionError saying what is wrong. */
export function parseExpression(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (v?: string) => {
    const t = tokens[pos];
    if (!t || (v !== undefined && t.v !== v)) throw new ExpressionError(v ? `Expected “${v}”` : "The expression ends too early");
    pos++;
    return t;
  };
  const primary = (): Expr => {
    const t = take();
    if (t.k === "num") return { t: "num", v: Number(t.v) };
    if (t.k === "str") return { t: "str", v: t.v };
    if (t.k === "op" && t.v === "(") {
      const e = sum();
      take(")");
      return e;
    }
    if (t.k === "op" && t.v === "-") return { t: "neg", e: primary() };
    if (t.k === "id") {
      if (peek()?.v === "(") {
        if (!FUNCTIONS.includes(t.v)) throw new ExpressionError(`Unknown function ${t.v}: use ${FUNCTIONS.join(", ")}`);
        take("(");
        const args: Expr[] = [];
        if (peek()?.v !== ")") {
          args.push(sum());
          while (peek()?.v === ",") {
            take(",");
            args.push(sum());
          }
        }
        take(")");
        return { t: "call", fn: t.v, args };
      }
      if (!/^(properties|traits|context)\.|^(userId|anonymousId|event)$/.test(t.v)) throw new ExpressionError(`${t.v}: fields start with properties., traits. or context.`);
      return { t: "field", path: t.v };
    }
    throw new ExpressionError(`Unexpected “${t.v}”`);
  };
  const product = (): Expr => {
    let e = primary();
    while (peek()?.v === "*" || peek()?.v === "/") e = { t: "bin", op: take().v as "*" | "/", a: e, b: primary() };
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek()?.v === "+" || peek()?.v === "-") e = { t: "bin", op: take().v as "+" | "-", a: e, b: product() };
    return e;
  };
  if (tokens.length === 0) throw new ExpressionError("The expression is empty");
  const e = sum();
  if (pos < tokens.length) throw new ExpressionError(`Unexpected “${tokens[pos]!.v}”`);
  return e;
}


const num = (v: unknown, what: string): number => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new StepFailure(`${what} is ${v === undefined ? "missing" : `“${String(v)}”, not a number`}`);
  return n;
};
const describe = (e: Expr) => (e.t === "field" ? e.path : "a value");

export function evaluate(e: Expr, field: (path: string) => unknown): unknown {
  switch (e.t) {
    case "num":
    case "str":
      return e.v;
    case "field":
      return field(e.path);
    case "neg":
      return -num(evaluate(e.e, field), describe(e.e));
    case "call": {
      const args = e.args.map((a) => evaluate(a, field));
      if (e.fn === "coalesce") return args.find((a) => a !== undefined && a !== null && a !== "") ?? null;
      if (e.fn === "lower" || e.fn === "upper") return args[0] === undefined || args[0] === null ? null : e.fn === "lower" ? String(args[0]).toLowerCase() : String(args[0]).toUpperCase();
      const digits = args[1] === undefined ? 0 : num(args[1], "round's digits");
      const f = 10 ** digits;
      return Math.round(num(args[0], describe(e.args[0]!)) * f) / f;
    }
    case "bin": {
      const a = evaluate(e.a, field);
      const b = evaluate(e.b, field);
      if (e.op === "+" && ((typeof a === "string" && !Number.isFinite(Number(a))) || (typeof b === "string" && !Number.isFinite(Number(b))))) return `${a ?? ""}${b ?? ""}`;
      const x = num(a, describe(e.a));
      const y = num(b, describe(e.b));
      if (e.op === "/" && y === 0) throw new StepFailure(`${describe(e.b)} is 0: cannot divide by it`);
      return e.op === "+" ? x + y : e.op === "-" ? x - y : e.op === "*" ? x * y : x / y;
    }
  }
}
