/**
 * Our tokenizer must split text exactly as the engines' standard analyzer does, or free-text
 * search would differ between the embedded store and a cluster. Checked against a real
 * OpenSearch `_analyze` on fixed samples and on random strings from a tricky alphabet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engine } from '../../test/engines/use.ts';
import { tokenize } from './tokenizer.ts';

const opensearch = engine('opensearch');

async function analyze(texts: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const text of texts) {
    const response = await fetch(`${opensearch?.url}/_analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ analyzer: 'standard', text }),
    });
    const body = (await response.json()) as { tokens?: Array<{ token: string }> };
    if (!body.tokens) throw new Error(`_analyze failed: ${JSON.stringify(body)}`);
    out.push(body.tokens.map((t) => t.token));
  }
  return out;
}

const SAMPLES = [
  'Connection refused: 10.0.0.1:8080 user=bob',
  "foo.bar baz_qux can't 3.14 1,000,000 192.168.1.1",
  'ERROR [main] java.lang.NullPointerException at com.acme.Foo.bar(Foo.java:42)',
  'Zürich café naïve ÉCOLE',
  '東京タワー に行きました',
  'Привет мир',
  'ok 👍 done 👨‍👩‍👧 fine 👍🏽',
  '___ _foo foo_ a_1 1_a',
  'x:y a:1 1:a',
  'GET /api/v1/users?id=42 HTTP/1.1 e-mail foo@bar.com https://x.y/z',
  "l'été it’s a.b.c. .d 1.2.3. 4..5",
  'ｈｅｌｌｏ　ｗｏｒｌｄ１２ temp=23.5°C battery²',
  'a'.repeat(300),
];

const ALPHABET = [
  'a',
  'B',
  'z',
  'é',
  'Ü',
  'ß',
  'Ж',
  'λ',
  '王',
  '伟',
  'タ',
  'ワ',
  'ー',
  'に',
  '0',
  '7',
  '٣',
  ' ',
  '  ',
  '\t',
  '\n',
  '.',
  ',',
  ';',
  ':',
  "'",
  '’',
  '_',
  '-',
  '/',
  '@',
  '#',
  '=',
  '(',
  ')',
  '"',
  '🚀',
  '👍',
  '🏽',
  '\u0301',
  '%',
  '°',
  '²',
  '·',
];

describe.skipIf(!opensearch)('tokenize matches the standard analyzer of a real OpenSearch', () => {
  it('on fixed samples', async () => {
    const theirs = await analyze(SAMPLES);
    SAMPLES.forEach((text, i) => {
      expect(tokenize(text), JSON.stringify(text)).toEqual(theirs[i]);
    });
  });

  it('on random strings over a tricky alphabet', async () => {
    const strings = fc.sample(
      fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 40 }).map((parts) => parts.join('')),
      { numRuns: 400, seed: 20260301 },
    );
    const theirs = await analyze(strings);
    const mismatches = strings
      .map((text, i) => ({ text, ours: tokenize(text), theirs: theirs[i] }))
      .filter((m) => JSON.stringify(m.ours) !== JSON.stringify(m.theirs));
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
