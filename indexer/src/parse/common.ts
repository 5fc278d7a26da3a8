/** Config pieces every processor shares. */
import { z } from 'zod';

/** `if:` — a KQL condition, compiled by the caller-supplied `compileCondition` hook. */
export const ifField = z
  .string()
  .min(1)
  .optional()
  .describe('KQL condition; the processor runs only for events that match.');

export const ignoreMissing = z
  .boolean()
  .default(false)
  .describe('Do nothing (and add no tag) when the field is absent.');
