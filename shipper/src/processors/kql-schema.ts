/** A config string holding a KQL query: validated (with the column of a syntax error) and parsed once. */
import { validateKql } from '@driftwood/core';
import { z } from 'zod';

export const kqlString = z
  .string()
  .min(1)
  .superRefine((q, ctx) => {
    const v = validateKql(q);
    if (!v.ok) ctx.addIssue({ code: 'custom', message: `invalid KQL: ${v.error.message}` });
  });
