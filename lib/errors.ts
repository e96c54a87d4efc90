/** One error type for the whole product: a code that maps to an HTTP status and a message for people. */
export type ErrorCode =
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "gone"
  | "timeout"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  timeout: 504,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns known Prisma errors into domain errors; anything else becomes an opaque internal error. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const code = (e as { code?: string } | null)?.code;
  if (code === "P2002") return new AppError("conflict", "That already exists.");
  if (code === "P2025") return new AppError("not_found", "Not found.");
  return new AppError("internal", "Something went wrong on our side. Try again; if it keeps happening, check the server log.");
}
