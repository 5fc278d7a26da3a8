import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alertingConfigSchema } from '@driftwood/alerting';
import { loadConfig, parseRule } from '@driftwood/core';
import { parseConfigText as parseIndexerConfig } from '@driftwood/indexer';
import { parseConfig as parseShipperConfig } from '@driftwood/shipper';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ALERTING_EXAMPLE,
  INDEXER_EXAMPLE,
  OUTPUT_FILE,
  RULES_EXAMPLE,
  renderConfigurationReference,
  SHIPPER_EXAMPLE,
  shipperTopSchema,
} from './config-docs.ts';

const relative = path.relative(path.resolve(import.meta.dirname, '..'), OUTPUT_FILE);

describe('docs/configuration.md', () => {
  it('is what `node scripts/config-docs.ts` generates from the schemas', () => {
    let current: string | undefined;
    try {
      current = readFileSync(OUTPUT_FILE, 'utf8');
    } catch {
      current = undefined;
    }
    const expected = renderConfigurationReference();
    if (current !== expected) {
      // A short message first; the diff below it shows what changed.
      expect(
        current,
        `${relative} is out of date with the config schemas: run \`node scripts/config-docs.ts\` and commit the result`,
      ).toBe(expected);
    }
  });

  it('documents every key of the schemas', () => {
    const text = renderConfigurationReference();
    for (const key of ['paths', 'multiline.pattern', 'fsync_interval_ms', 'dead_letter.dataset', 'group_by.limit'])
      expect(text).toContain(`| \`${key}\` |`);
    for (const key of ['condition.threshold', 'actions[].to', 'kafka.from_beginning', 'shutdown_timeout_ms'])
      expect(text).toContain(`| \`${key}\` |`);
  });

  it("restates the shipper's top level exactly: same keys, same defaults as parseConfig", () => {
    // shipper/src/config.ts keeps its top-level schema private; its error hint lists the known keys.
    let hint = '';
    try {
      parseShipperConfig('inputs: [{ type: stdin }]\noutput: { type: stdout }\nqqqqqqqqqqqqqq: 1\n');
    } catch (error) {
      hint = (error as Error).message;
    }
    const known = /known keys: ([^)]*)\)/.exec(hint)?.[1]?.split(', ');
    expect(known, hint).toEqual(Object.keys(shipperTopSchema.shape));

    const parsed = parseShipperConfig('inputs: [{ type: stdin }]\noutput: { type: stdout }\n');
    const defaults = shipperTopSchema.parse({ inputs: [{ type: 'stdin' }], output: { type: 'stdout' } });
    expect(parsed.processors).toEqual(defaults.processors);
    expect(parsed.queue.type).toBe(defaults.queue.type);
    expect(parsed.shutdown_timeout_ms).toBe(defaults.shutdown_timeout_ms);
  });

  it('shows examples that validate', () => {
    expect(() => parseShipperConfig(SHIPPER_EXAMPLE, 'example.yml')).not.toThrow();
    expect(() => parseIndexerConfig(INDEXER_EXAMPLE, 'example.yml')).not.toThrow();
    const rules = (parseYaml(RULES_EXAMPLE) as { rules: unknown[] }).rules;
    for (const rule of rules) expect(() => parseRule(rule)).not.toThrow();
    expect(loadConfig(alertingConfigSchema, ALERTING_EXAMPLE, { file: 'example.yml' }).egress.allow).toHaveLength(2);
  });
});
