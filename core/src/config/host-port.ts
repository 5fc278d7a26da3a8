/**
 * `host:port` settings (`listen:` of every server, Kafka brokers): a zod string that is what
 * `parseHostPort` reads — `host:port`, `[v6]:port`, `:port` or `port`; port 0 picks a free port —
 * kept as written, its error naming the text.
 */
import { z } from 'zod';
import { parseHostPort } from '../net.ts';

export function hostPortSchema(defaults: { host?: string; port?: number } = {}) {
  return z.string().superRefine((text, ctx) => {
    try {
      parseHostPort(text, defaults);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
}
