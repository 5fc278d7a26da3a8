import { describe, expect, it } from 'vitest';
import { OUTPUTS, PROCESSORS, SOURCES } from './registry.ts';

describe('component registry', () => {
  it('knows every source, processor and output by type, each exporting { type, configSchema, build }', () => {
    expect([...SOURCES.keys()]).toEqual(expect.arrayContaining(['file', 'stdin', 'syslog', 'http', 'mqtt']));
    expect([...PROCESSORS.keys()]).toEqual(
      expect.arrayContaining(['add_fields', 'rename_fields', 'drop_fields', 'drop_event', 'sample', 'decode_json']),
    );
    expect([...OUTPUTS.keys()]).toEqual(expect.arrayContaining(['bulk', 'stdout', 'file', 'kafka']));
    for (const map of [SOURCES, PROCESSORS, OUTPUTS])
      for (const [name, m] of map) {
        expect(typeof m.type).toBe('string');
        expect(name === m.type || (m.aliases ?? []).includes(name)).toBe(true);
        expect(typeof m.configSchema.safeParse).toBe('function');
        expect(typeof m.build).toBe('function');
      }
  });
});
