/** drop: discard the event (usually with an `if:` condition). The pipeline returns no document. */
import { z } from 'zod';
import { ifField } from './common.ts';
import type { Processor, ProcessorComponent } from './types.ts';

export const type = 'drop';

export const configSchema = z.object({ if: ifField }).strict();

export type DropConfig = z.infer<typeof configSchema>;

export function build(_config: DropConfig): Processor {
  return () => false;
}

export const drop: ProcessorComponent<DropConfig> = { type, configSchema, build };
