import { describe, expect, it } from 'vitest';
import { createLogger, memoryLogger } from './log.ts';

function capture(): { destination: { write(line: string): void }; records: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  return {
    destination: { write: (line) => void lines.push(line) },
    records: () =>
      lines
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('shipper logger', () => {
  it('writes ECS JSON lines named service shipper, with the base fields on every line', () => {
    const out = capture();
    const log = createLogger({ destination: out.destination, base: { 'agent.id': 'a-1' } });
    log.info('shipper started', { inputs: 2 });
    log.error('could not write', { file: '/x' });
    const [first, second] = out.records();
    expect(first).toMatchObject({
      message: 'shipper started',
      inputs: 2,
      'agent.id': 'a-1',
      'service.name': 'shipper',
      'log.level': 'info',
    });
    expect(Number.isNaN(Date.parse(String(first!['@timestamp'])))).toBe(false);
    expect(second).toMatchObject({ message: 'could not write', file: '/x', 'agent.id': 'a-1', 'log.level': 'error' });
  });

  it('drops info lines when quiet, keeping warnings and errors', () => {
    const out = capture();
    const log = createLogger({ destination: out.destination, quiet: true });
    log.info('hidden');
    log.warn('shown warning');
    log.error('shown error');
    expect(out.records().map((r) => r.message)).toEqual(['shown warning', 'shown error']);
  });

  it('prints a line for a person with format pretty', () => {
    const out: string[] = [];
    const log = createLogger({ destination: { write: (l) => void out.push(l) }, format: 'pretty' });
    log.info('hello there');
    const text = out.join('');
    expect(text).toMatch(/shipper/);
    expect(text).toContain('hello there');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('re-exports the memory logger for tests', () => {
    const log = memoryLogger();
    log.warn('w', { a: 1 });
    expect(log.lines).toEqual([{ level: 'warn', message: 'w', fields: { a: 1 } }]);
  });
});
