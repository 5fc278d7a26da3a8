/**
 * `listen:` settings (the syslog and http sources, the metrics/health server): `host:port`,
 * `[v6]:port`, `:port` or `port`, as core's `parseHostPort` reads them; port 0 picks a free port.
 */
import { parseHostPort } from '@driftwood/core';
import { z } from 'zod';

/** A zod string checked with `parseHostPort` (its message names the text). */
export function listenSchema(defaultValue: string, description: string) {
  return z
    .string()
    .superRefine((text, ctx) => {
      try {
        parseHostPort(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default(defaultValue)
    .describe(description);
}
