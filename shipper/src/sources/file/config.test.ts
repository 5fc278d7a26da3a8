import { describe, expect, it } from 'vitest';
import { fileSourceSchema, multilineSchema } from './config.ts';

describe('fileSourceSchema', () => {
  it('fills in the documented defaults', () => {
    expect(fileSourceSchema.parse({ type: 'file', paths: ['/var/log/*.log'] })).toEqual({
      type: 'file',
      paths: ['/var/log/*.log'],
      exclude: [],
      start_at: 'beginning',
      fingerprint_bytes: 1024,
      max_line_bytes: 1024 * 1024,
      max_open_files: 128,
      scan_interval_ms: 1000,
      poll_interval_ms: 250,
      close_inactive_ms: 60_000,
      close_removed_ms: 5000,
      clean_removed_ms: 24 * 3600 * 1000,
    });
  });

  it('needs at least one non-empty path', () => {
    expect(fileSourceSchema.safeParse({ type: 'file', paths: [] }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ type: 'file', paths: [''] }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ type: 'file' }).success).toBe(false);
  });

  it('bounds fingerprint_bytes and max_line_bytes', () => {
    const base = { type: 'file', paths: ['a.log'] };
    expect(fileSourceSchema.safeParse({ ...base, fingerprint_bytes: 15 }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, fingerprint_bytes: 16 }).success).toBe(true);
    expect(fileSourceSchema.safeParse({ ...base, fingerprint_bytes: 1024 * 1024 + 1 }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, max_line_bytes: 63 }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, max_line_bytes: 64 }).success).toBe(true);
    expect(fileSourceSchema.safeParse({ ...base, max_open_files: 0 }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, poll_interval_ms: 1.5 }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, start_at: 'middle' }).success).toBe(false);
  });

  it('rejects unknown keys (a misspelt option is an error, not ignored)', () => {
    const result = fileSourceSchema.safeParse({ type: 'file', paths: ['a.log'], scan_intervall_ms: 5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['scan_intervall_ms'] });
  });
});

describe('multilineSchema', () => {
  it('fills in the defaults', () => {
    expect(multilineSchema.parse({ pattern: '^\\s' })).toEqual({
      pattern: '^\\s',
      negate: false,
      match: 'after',
      timeout_ms: 1000,
      max_lines: 500,
    });
  });

  it('rejects a pattern that is not a valid regular expression, saying so', () => {
    const result = multilineSchema.safeParse({ pattern: '([a-' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('not a valid regular expression');
    expect(multilineSchema.safeParse({ pattern: '' }).success).toBe(false);
  });

  it('is checked inside the file source config', () => {
    const base = { type: 'file', paths: ['a.log'] };
    expect(fileSourceSchema.safeParse({ ...base, multiline: { pattern: '(' } }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, multiline: { pattern: 'x', match: 'around' } }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ ...base, multiline: { pattern: 'x', max_lines: 0 } }).success).toBe(false);
    expect(fileSourceSchema.parse({ ...base, multiline: { pattern: 'x', match: 'before' } }).multiline).toMatchObject({
      match: 'before',
    });
  });
});
