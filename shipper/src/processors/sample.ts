/** sample: keeps a fraction of events, chosen deterministically from the event id (a redelivery decides the same way). */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Processor } from '../component.ts';

export const type = 'sample';

export const configSchema = z
  .object({
    type: z.literal('sample'),
    rate: z.number().min(0).max(1).describe('Fraction of events kept, 0..1.'),
  })
  .strict();

/** A stable number in [0, 1) for an id. */
export function idFraction(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

export function build(config: z.infer<typeof configSchema>): Processor {
  return { process: (events) => events.filter((e) => idFraction(e.id) < config.rate) };
}
