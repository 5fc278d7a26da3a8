/**
 * One error type for all of Driftwood, with a closed set of codes.
 * Pipelines never throw per event; they mark events delivered or failed with one of these.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'KQL_SYNTAX',
  'STORE_UNAVAILABLE',
  'STORE_TIMEOUT',
  'STORE_REJECTED',
  'MAPPING_CONFLICT',
  'INPUT_INVALID',
  'PARSE_FAILED',
  'QUEUE_FULL',
  'QUEUE_CORRUPT',
  'QUEUE_WRITE_FAILED',
  'OUTPUT_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'NOT_IMPLEMENTED',
  'ENGINE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DriftwoodErrorOptions {
  cause?: unknown;
  /** Structured details a caller or UI can show (position, field, file line, ...). */
  details?: Record<string, unknown>;
}

export class DriftwoodError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: DriftwoodErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DriftwoodError';
    this.code = code;
    this.details = options.details ?? {};
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isDriftwoodError(value: unknown, code?: ErrorCode): value is DriftwoodError {
  return value instanceof DriftwoodError && (code === undefined || value.code === code);
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  KQL_SYNTAX: 400,
  INPUT_INVALID: 400,
  CONFIG_INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  NOT_IMPLEMENTED: 501,
  STORE_REJECTED: 502,
  STORE_UNAVAILABLE: 503,
  ENGINE_UNAVAILABLE: 503,
  STORE_TIMEOUT: 504,
};

/** The HTTP status an API answers with for an error code (500 for the rest). */
export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 500;
}
