import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../../bin/driftwood.ts');
const parse = (input: string | Buffer, ...args: string[]) =>
  spawnSync(process.execPath, [bin, 'parse', ...args], { input, encoding: 'utf8' });

describe('driftwood parse', () => {
  it('prints one ECS document per input line, timestamp from the line', () => {
    const result = parse(
      '10.0.0.7 - - [10/Oct/2025:13:55:36 +0000] "GET /index.html HTTP/1.1" 404 12 "-" "curl/8.1"\nJun 14 15:16:01 combo sshd[19939]: authentication failure\n',
      '--pipeline',
      'auto',
    );
    expect(result.status).toBe(0);
    const docs = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    expect(docs[0]['@timestamp']).toBe('2025-10-10T13:55:36.000Z');
    expect(docs[0].http.response.status_code).toBe(404);
    expect(docs[0].source.ip).toBe('10.0.0.7');
    expect(docs[1]['@timestamp']).toMatch(/-06-14T15:16:01.000Z$/);
  });

  it('keeps lines with invalid UTF-8 and binary garbage, replacing bad bytes', () => {
    const result = parse(Buffer.from([0xff, 0xfe, 0x41, 0x0a, 0x00, 0x01, 0x42, 0x0a]), '--pipeline', 'auto');
    expect(result.status).toBe(0);
    const docs = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    expect(docs[0].message).toBe('\uFFFD\uFFFDA');
  });

  it('names the known pipelines when given an unknown one', () => {
    const result = parse('x\n', '--pipeline', 'nope');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown pipeline "nope"');
    expect(result.stderr).toContain('nginx');
  });
});
