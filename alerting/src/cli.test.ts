import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDriftwoodError } from '@driftwood/core';
import { alerts, createEmbeddedStore, type EmbeddedStore, openStore, selectStore } from '@driftwood/store';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { provision, run } from './cli.ts';

const RULE = `  - id: errors
    name: Errors
    query: log.level:error
    condition: { type: count, comparator: ">", threshold: 10 }
`;

describe('driftwood alerts', () => {
  let dir: string;
  let store: EmbeddedStore;
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-alerts-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await store?.close();
  });

  it('--rules provisions a list of rules, or rules: holding one', async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    expect(await provision(store, file('list.yaml', RULE))).toBe(1);
    const second = RULE.replace('id: errors', 'id: warnings').replace('name: Errors', 'name: Warnings');
    expect(await provision(store, file('rules.yaml', `rules:\n${RULE}${second}`))).toBe(2);
    const rules = (await alerts.loadRules(store)).map((r) => r.rule?.id).sort();
    expect(rules).toEqual(['errors', 'warnings']);
    expect((await alerts.loadRules(store)).find((r) => r.rule?.id === 'errors')?.rule).toMatchObject({
      every: '1m',
      window: '5m',
    });
  });

  it('an invalid file saves nothing and says where each problem is (file:line:column, did you mean)', async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    const bad = `rules:\n${RULE}  - id: second\n    name: Second\n    windw: 5m\n    condition: { type: count, comparator: "!=", threshold: 1 }\n`;
    const p = file('bad.yaml', bad);
    const error = await provision(store, p).catch((e: unknown) => e);
    expect(isDriftwoodError(error, 'CONFIG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`${p}:8:5: rules[1].windw: unknown key \`windw\` (did you mean \`window\`?)`);
    expect(message).toContain(`${p}:9:43: rules[1].condition.comparator: Invalid option`);
    expect(await alerts.loadRules(store)).toEqual([]);
    const notAList = await provision(store, file('map.yaml', 'id: x\n')).catch((e: unknown) => e);
    expect((notAList as Error).message).toMatch(/map\.yaml:1:1: expected a list of rules/);
  });

  it('reads a rule written with the old keys, and points a problem under one at its own line', async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    const old = `${RULE}    groupBy: { field: host.name }\n    snoozedUntil: 2030-01-01T00:00:00Z\n`;
    expect(await provision(store, file('old.yaml', old))).toBe(1);
    expect((await alerts.loadRules(store))[0]?.rule).toMatchObject({
      group_by: { field: 'host.name', limit: 10 },
      snoozed_until: '2030-01-01T00:00:00Z',
    });
    const typo = file('old-typo.yaml', `${RULE}    groupBy:\n      feild: host.name\n`);
    const lines = RULE.split('\n').length;
    const error = await provision(store, typo).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid rules file\n/);
    expect(message).toContain(
      `${typo}:${lines + 1}:7: [0].group_by.feild: unknown key \`feild\` (did you mean \`field\`?)`,
    );
  });

  it('--once evaluates what is due, prints the report and exits 0; a bad rules file exits 2', async () => {
    const data = path.join(dir, 'data');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const rules = file('once.yaml', RULE);
      expect(await run(['--store', 'embedded', '--data', data, '--rules', rules, '--once'])).toBe(0);
      const printed = out.mock.calls.map((c) => String(c[0])).join('');
      const first = JSON.parse(printed.trim().split('\n').at(-1)!);
      expect(first).toMatchObject({ evaluated: 1, errors: 0, notifications: 0 });
      out.mockClear();
      expect(await run(['--store', 'embedded', '--data', data, '--once'])).toBe(0);
      const again = JSON.parse(
        out.mock.calls
          .map((c) => String(c[0]))
          .join('')
          .trim()
          .split('\n')
          .at(-1)!,
      );
      // the rule ran a moment ago: nothing is due, and the report says when it will be
      expect(again).toMatchObject({ evaluated: 0, errors: 0, notifications: 0 });
      expect(Date.parse(again.nextDueAt)).toBeGreaterThan(Date.now());
      expect(Date.parse(again.nextDueAt)).toBeLessThanOrEqual(Date.parse(first.nextDueAt) + 1000);
      const bad = file('bad-once.yaml', 'rules: 3\n');
      expect(await run(['--store', 'embedded', '--data', data, '--rules', bad, '--once'])).toBe(2);
      expect(await run(['--nope'])).toBe(2);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const reopened = await openStore(selectStore({ store: 'embedded', data }));
    try {
      expect((await alerts.loadState(reopened, 'errors')).lastWindowEnd).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});
