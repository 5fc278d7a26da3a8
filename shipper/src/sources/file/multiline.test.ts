import { describe, expect, it } from 'vitest';
import { Multiline, type TextLine } from './multiline.ts';

function run(config: ConstructorParameters<typeof Multiline>[0], texts: string[]): string[] {
  const m = new Multiline(config);
  const out: TextLine[] = [];
  let pos = 0;
  for (const text of texts) {
    out.push(...m.push({ start: pos, end: pos + text.length + 1, text, flags: [] }));
    pos += text.length + 1;
  }
  const last = m.flush(0, true);
  if (last) out.push(last);
  return out.map((l) => l.text);
}

const base = { negate: false, timeout_ms: 1000, max_lines: 500 } as const;

describe('Multiline', () => {
  it('after: indented continuation lines join the line before (Java stack traces)', () => {
    expect(
      run({ ...base, pattern: '^\\s', match: 'after' }, ['Exception in x', '  at a', '  at b', 'next', 'n2', '  at c']),
    ).toEqual(['Exception in x\n  at a\n  at b', 'next', 'n2\n  at c']);
  });

  it('after + negate: lines not starting with a timestamp join the one before', () => {
    expect(
      run({ ...base, pattern: '^\\d{4}-', negate: true, match: 'after' }, ['2024-01-01 a', 'b', 'c', '2024-01-02 d']),
    ).toEqual(['2024-01-01 a\nb\nc', '2024-01-02 d']);
  });

  it('before: lines ending with a backslash join the next one', () => {
    expect(run({ ...base, pattern: '\\\\$', match: 'before' }, ['a \\', 'b \\', 'c', 'd'])).toEqual([
      'a \\\nb \\\nc',
      'd',
    ]);
  });

  it('keeps byte ranges and flags; max_lines cuts a group (flagged), nothing lost', () => {
    const m = new Multiline({ ...base, pattern: '^\\s', match: 'after', max_lines: 2 });
    const out = [
      ...m.push({ start: 0, end: 2, text: 'a', flags: [] }),
      ...m.push({ start: 2, end: 5, text: ' b', flags: [] }),
      ...m.push({ start: 5, end: 8, text: ' c', flags: [] }),
    ];
    expect(out).toEqual([{ start: 0, end: 5, text: 'a\n b', flags: ['multiline', 'truncated'] }]);
    expect(m.pendingStart).toBe(5);
    expect(m.flush(Date.now() + 5000)?.text).toBe(' c');
  });

  it('emits a pending group only after timeout_ms', () => {
    const m = new Multiline({ ...base, pattern: '^\\s', match: 'after' });
    m.push({ start: 0, end: 2, text: 'a', flags: [] }, 1000);
    expect(m.flush(1500)).toBeUndefined();
    expect(m.flush(2000)?.text).toBe('a');
  });
});
