/**
 * One error type for the whole product. Every failure that reaches a user carries a stable
 * machine code; the HTTP status and the CLI exit code are both derived from that code through
 * the single table below, so the server and the CLI never disagree about what a failure means.
 */

export interface ErrorDetail {
  /** Dotted path of the offending input, e.g. "staff.0.salary"; "" when it concerns the whole input. */
  path: string;
  message: string;
}

export const errorCodes = {
  bad_request: { status: 400, exit: 2 },
  validation_failed: { status: 400, exit: 2 },
  malformed_json: { status: 400, exit: 2 },
  unauthenticated: { status: 401, exit: 1 },
  forbidden: { status: 403, exit: 1 },
  not_found: { status: 404, exit: 1 },
  method_not_allowed: { status: 405, exit: 2 },
  conflict: { status: 409, exit: 1 },
  precondition_failed: { status: 412, exit: 1 },
  payload_too_large: { status: 413, exit: 2 },
  uri_too_long: { status: 414, exit: 2 },
  unsupported_media_type: { status: 415, exit: 2 },
  idempotency_key_reused: { status: 422, exit: 2 },
  too_many_requests: { status: 429, exit: 1 },
  internal: { status: 500, exit: 1 },
  unavailable: { status: 503, exit: 1 },
} as const satisfies Record<string, { status: number; exit: 0 | 1 | 2 }>;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get exitCode(): 0 | 1 | 2 {
    return errorCodes[this.code].exit;
  }
}

/** The body of every failing HTTP reply. */
export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[]; requestId?: string };
}

export function errorBody(err: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      details: err.details,
      ...(requestId ? { requestId } : {}),
    },
  };
}

/** Turns zod issues (or anything shaped like them) into our details list. */
export function detailsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): ErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.map((p) => String(p)).join('.'),
    message: issue.message,
  }));
}

export function validationError(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  message = 'The input is not valid',
): AppError {
  return new AppError('validation_failed', message, detailsFromIssues(issues));
}
