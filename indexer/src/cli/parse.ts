/**
 * `driftwood parse --pipeline NAME`: raw lines on stdin → one ECS JSON document per line on
 * stdout (like Elasticsearch's `_simulate`). Invalid UTF-8 is replaced, never fatal.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isDriftwoodError } from '@driftwood/core';
import { getPipeline, listPipelines } from '../parse/index.ts';

export async function run(args: string[]): Promise<number> {
  let values: { pipeline?: string; timezone?: string; 'keep-original'?: boolean; list?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        pipeline: { type: 'string', short: 'p', default: 'auto' },
        timezone: { type: 'string' },
        'keep-original': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`driftwood parse: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.list) {
    for (const p of listPipelines()) process.stdout.write(`${p.name.padEnd(10)} ${p.description}\n`);
    return 0;
  }
  let pipeline: ReturnType<typeof getPipeline>;
  try {
    pipeline = getPipeline(values.pipeline ?? 'auto', values.timezone ? { timezone: values.timezone } : undefined);
  } catch (error) {
    if (isDriftwoodError(error)) {
      process.stderr.write(`driftwood parse: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  process.stdin.setEncoding('utf8'); // invalid bytes become U+FFFD
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const keepOriginal = values['keep-original'] ?? false;
  for await (const line of lines) {
    const doc = pipeline.parse(line, { keepOriginal });
    if (!process.stdout.write(`${JSON.stringify(doc)}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  return 0;
}
