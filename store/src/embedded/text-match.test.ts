/**
 * Free-text matching through the prefilters of sql.ts gives the answers the tokens say it must:
 * random messages over an alphabet of common and rare letters, digits, multi-byte characters and
 * emoji (surrogate pairs), matched by word, phrase and wildcard, against a matcher on the tokens.
 */
import type { LogEvent } from '@driftwood/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokenizer.ts';
import { createEmbeddedStore } from './store.ts';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const WORDS = [
  'refused',
  'user',
  'e',
  'q',
  'ab',
  'b',
  '5',
  '0',
  'a_b',
  'café',
  'é',
  'naïve',
  '日本',
  '😀',
  'x😀y',
  'ß',
];

/** Whether the token list holds `phrase` as consecutive tokens. */
const holds = (tokens: string[], phrase: string[]): boolean =>
  tokens.some((_, i) => phrase.every((p, j) => tokens[i + j] === p));

describe('embedded free-text matching', () => {
  it('matches words, phrases and wildcards exactly, whatever the characters', async () => {
    const messages = fc.sample(
      fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 6 }).map((w) => w.join(' ')),
      { numRuns: 300, seed: 7 },
    );
    // a second value per event for some: phrases do not run from one value into the next
    const events: LogEvent[] = messages.map((message, i) => ({
      id: `e${i}`,
      doc: {
        '@timestamp': new Date(T0 + i * 1000).toISOString(),
        message: i % 5 === 0 ? [message, WORDS[i % WORDS.length] as string] : message,
      },
    }));
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      await store.write(events);
      const values = events.map((e) => {
        const m = e.doc.message as string | string[];
        return (Array.isArray(m) ? m : [m]).map((v) => tokenize(v));
      });
      const expected = (test: (tokens: string[]) => boolean) =>
        values.flatMap((vs, i) => (vs.some(test) ? [`e${i}`] : [])).sort();
      const found = async (query: string) => (await store.search({ query, size: 1000 })).hits.map((h) => h.id).sort();
      for (const word of WORDS) {
        const tokens = tokenize(word);
        expect(await found(`message:"${word}"`), word).toEqual(expected((t) => holds(t, tokens)));
      }
      for (const [a, b] of [
        ['refused', 'user'],
        ['café', '😀'],
        ['x😀y', 'e'],
        ['日本', 'ab'],
        ['5', '0'],
      ] as const) {
        const phrase = [...tokenize(a), ...tokenize(b)];
        expect(await found(`message:"${a} ${b}"`), `${a} ${b}`).toEqual(expected((t) => holds(t, phrase)));
      }
      for (const [query, re] of [
        ['ref*', /^ref/],
        ['*sed', /sed$/],
        ['caf*', /^caf/],
        ['na*ve', /^na.*ve$/u],
        ['a*b', /^a.*b$/],
      ] as const) {
        expect(await found(`message:${query}`), query).toEqual(expected((t) => t.some((x) => re.test(x))));
      }
    } finally {
      await store.close();
    }
  });
});
