import { isDriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

const MINIMAL = `inputs:
  - type: file
    paths: ["/var/log/app/app.log*"]   # globs; rotated files included, each read once
queue:
  type: disk
  path: ./data/queue
output:
  type: bulk                           # any Elasticsearch-compatible _bulk endpoint
  url: http://127.0.0.1:9200           # the indexer, OpenSearch or Elasticsearch
  index: logs-app
`;

function errorOf(text: string): string {
  try {
    parseConfig(text, 'shipper.yml');
  } catch (err) {
    expect(isDriftwoodError(err, 'CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('shipper config', () => {
  it('accepts the minimal config of the docs unchanged, fills defaults, freezes', () => {
    const c = parseConfig(MINIMAL);
    expect(c.inputs[0]).toMatchObject({ type: 'file', id: 'file-1', start_at: 'beginning', fingerprint_bytes: 1024 });
    expect(c.queue).toMatchObject({ type: 'disk', path: './data/queue', fsync: 'batch' });
    expect(c.output).toMatchObject({ type: 'bulk', index: 'logs-app', max_in_flight: 4 });
    expect(c.http).toBeUndefined();
    expect(Object.isFrozen(c.inputs[0])).toBe(true);
    expect(() => {
      (c.output as unknown as { index: string }).index = 'x';
    }).toThrow();
  });

  it('names the file, line and column of an unknown key, with did-you-mean', () => {
    const msg = errorOf(MINIMAL.replace('    paths:', '    pathz:'));
    expect(msg).toContain('shipper.yml:3:5: inputs[0].pathz: unknown key `pathz` (did you mean `paths`?)');
  });

  it('reports bad values, unknown types and top-level typos with positions', () => {
    expect(errorOf(MINIMAL.replace('type: disk', 'type: disc'))).toMatch(
      /shipper\.yml:5:9: queue\.type: .*did you mean `disk`/,
    );
    expect(errorOf(MINIMAL.replace('type: bulk ', 'type: bulkk'))).toMatch(
      /shipper\.yml:8:9: output\.type: unknown output type `bulkk` \(did you mean `bulk`\?\)/,
    );
    expect(errorOf(`${MINIMAL}processor: []\n`)).toMatch(
      /shipper\.yml:11:1: processor: unknown key `processor` \(did you mean `processors`\?\)/,
    );
    expect(errorOf(MINIMAL.replace('url: http://127.0.0.1:9200', 'url: not a url'))).toMatch(
      /shipper\.yml:9:8: output\.url/,
    );
    expect(errorOf('inputs: [\n')).toMatch(/shipper\.yml:\d+:\d+: YAML/);
  });

  it('validates processors (KQL conditions) and input ids', () => {
    const ok = parseConfig(`${MINIMAL}processors:\n  - type: drop_event\n    when: 'log.level:debug'\n`);
    expect(ok.processors).toHaveLength(1);
    expect(errorOf(`${MINIMAL}processors:\n  - type: drop_event\n    when: 'a:(b'\n`)).toMatch(
      /processors\[0\]\.when: invalid KQL/,
    );
    expect(
      errorOf(
        MINIMAL.replace('  - type: file\n', '  - type: file\n    id: a\n').replace(
          'queue:',
          '  - type: file\n    id: a\n    paths: [x]\nqueue:',
        ),
      ),
    ).toContain('duplicate input id `a`');
  });
});
