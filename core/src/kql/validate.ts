import { isDriftwoodError } from '../errors.ts';
import { parseKql } from './parse.ts';

export interface KqlValidationError {
  message: string;
  /** 0-based offset of the error in the query. */
  position: number;
  /** 1-based column (position + 1). */
  column: number;
  /** What the parser expected there, e.g. `")"`, `a value`, `end of query`. */
  expected: string;
  /** What it found, e.g. `"}"` or `end of query`. */
  found: string;
}

export type KqlValidation = { ok: true } | { ok: false; error: KqlValidationError };

/** Checks a query for the UI (no throw). */
export function validateKql(query: string): KqlValidation {
  try {
    parseKql(query);
    return { ok: true };
  } catch (error) {
    if (!isDriftwoodError(error, 'KQL_SYNTAX')) throw error;
    const d = error.details;
    return {
      ok: false,
      error: {
        message: error.message,
        position: typeof d.position === 'number' ? d.position : 0,
        column: typeof d.column === 'number' ? d.column : 1,
        expected: typeof d.expected === 'string' ? d.expected : '',
        found: typeof d.found === 'string' ? d.found : '',
      },
    };
  }
}
