import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { USER_AGENT_CASES } from './user-agent.cases.ts';
import { applyUserAgent, lookupUserAgent, MAX_UA_CHARS, parseUserAgent, ruleCounts } from './user-agent.ts';

describe('user_agent: what Elasticsearch’s processor answers', () => {
  it.each(USER_AGENT_CASES.map((c) => [c.ua, c] as const))('%s', (_ua, c) => {
    expect(parseUserAgent(c.ua)).toEqual(c.ours ?? c.es);
  });

  it('answers as ES for all but the few documented cases', () => {
    const differing = USER_AGENT_CASES.filter((c) => c.ours !== undefined);
    expect(USER_AGENT_CASES.length).toBeGreaterThanOrEqual(80);
    expect(differing.length).toBeLessThanOrEqual(17);
    for (const c of differing) expect(c.why, c.ua).toBeTruthy();
  });
});

describe('user_agent regexes', () => {
  it('loads every entry of uap-core’s regexes.yaml, each a valid JavaScript regex', () => {
    const file = createRequire(import.meta.url).resolve('uap-core/regexes.yaml');
    const doc = parseYaml(readFileSync(file, 'utf8')) as Record<string, Array<{ regex: string; regex_flag?: string }>>;
    expect(ruleCounts()).toEqual({
      ua: doc.user_agent_parsers?.length,
      os: doc.os_parsers?.length,
      device: doc.device_parsers?.length,
    });
    for (const list of Object.values(doc))
      for (const e of list) {
        expect(e.regex_flag === undefined || e.regex_flag === 'i').toBe(true);
        expect(() => new RegExp(e.regex, e.regex_flag ?? '')).not.toThrow();
      }
  });
});

describe('user_agent input bounds', () => {
  it('matches only the first MAX_UA_CHARS characters', () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    expect(parseUserAgent(`${chrome}${' '.repeat(MAX_UA_CHARS)}Googlebot/2.1`).name).toBe('Chrome');
    expect(parseUserAgent(`${' '.repeat(MAX_UA_CHARS)}${chrome}`)).toEqual({
      name: 'Other',
      device: { name: 'Other' },
    });
  });

  it('pathological headers finish fast', () => {
    parseUserAgent('warm-up');
    for (const evil of [
      'a'.repeat(1_000_000),
      'Mozilla/5.0 ('.repeat(50_000),
      `Mozilla/5.0 (Linux; Android 10; ${'a '.repeat(100_000)}`,
      `${' ; '.repeat(100_000)})`,
      '1.'.repeat(200_000),
      `${'Bot/'.repeat(100_000)}1`,
    ]) {
      const started = performance.now();
      parseUserAgent(evil);
      expect(performance.now() - started, evil.slice(0, 20)).toBeLessThan(250);
    }
  });

  it('memoises by the matched prefix', () => {
    const ua = `curl/8.5.0${' '.repeat(2 * MAX_UA_CHARS)}`;
    expect(lookupUserAgent(ua)).toBe(lookupUserAgent(`${ua}more`));
  });
});

describe('applyUserAgent', () => {
  it('writes the ECS fields under the target', () => {
    const doc: LogDocument = {};
    applyUserAgent(
      doc,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    );
    expect(doc).toEqual({
      user_agent: {
        name: 'Mobile Safari',
        version: '17.1',
        os: { name: 'iOS', version: '17.1', full: 'iOS 17.1' },
        device: { name: 'iPhone' },
      },
    });
  });
});
