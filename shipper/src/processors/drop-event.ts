/** drop_event: drops the events matching a KQL condition (`when: 'log.level:debug'`). */
import { parseKql } from '@driftwood/core';
import { z } from 'zod';
import type { Processor } from '../component.ts';
import { matchKql } from '../kql-match.ts';
import { kqlString } from './kql-schema.ts';

export const type = 'drop_event';

export const configSchema = z
  .object({
    type: z.literal('drop_event'),
    when: kqlString.describe('KQL condition on the event (e.g. `log.level:debug or message:healthcheck`).'),
  })
  .strict();

export function build(config: z.infer<typeof configSchema>): Processor {
  const condition = parseKql(config.when);
  return { process: (events) => events.filter((e) => !matchKql(condition, e.doc)) };
}
