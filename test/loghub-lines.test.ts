/**
 * Single mechanisms against real lines from Loghub's OpenSSH sample (test/system.ts findLoghub;
 * skipped with one line when absent, a failure under CI=true): the syslog source keeps a real
 * sender as host.name, and the message-pattern enrichment groups the lines of one Loghub template.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagePattern } from '../indexer/src/enrich/message-pattern.ts';
import { parseCsvRecord } from '../indexer/src/parse/csv.ts';
import { frameToDocument } from '../shipper/src/sources/syslog/ecs.ts';
import { findLoghub, skipWithout } from './system.ts';

const loghub = findLoghub();
const noCorpus = skipWithout('the Loghub OpenSSH line tests', loghub);
const openssh = (file: string) => path.join(loghub.ok ? loghub.path : '', 'OpenSSH', file);

describe.skipIf(noCorpus)('real OpenSSH lines', () => {
  it('a real sshd line sent over syslog with a PRI keeps its sender as host.name', () => {
    const line = readFileSync(openssh('OpenSSH_2k.log'), 'utf8').split('\n')[0] as string; // Dec 10 06:55:46 LabSZ sshd[24200]: …
    const data = Buffer.from(`<38>${line}`);
    const r = frameToDocument(
      { data, size: data.length, truncated: false },
      { ip: '10.0.0.7', port: 40000, transport: 'tcp' },
      new Date('2024-03-10T12:00:00.000Z'),
      'UTC',
      {
        hostName: 'shipper-host',
        agent: { name: 'test', type: 'driftwood-shipper', version: '0.0.0', id: 'agent-1' },
      },
    );
    expect(r.malformed).toBe(false);
    expect(r.doc.host).toEqual({ name: 'LabSZ', hostname: 'LabSZ' });
    expect(r.doc.process).toEqual({ name: 'sshd', pid: 24200 });
    expect(r.key).toBe('LabSZ');
  });

  it('message patterns group the lines of one Loghub template together', () => {
    const rows = readFileSync(openssh('OpenSSH_2k.log_structured.csv'), 'utf8').split('\n');
    const header = parseCsvRecord(rows[0] as string) ?? [];
    const content = header.indexOf('Content');
    const eventId = header.indexOf('EventId');
    expect(content, 'the CSV has a Content column').toBeGreaterThanOrEqual(0);
    const byTemplate = new Map<string, Set<string>>();
    const counts = new Map<string, number>();
    for (const row of rows.slice(1)) {
      const fields = row ? parseCsvRecord(row) : undefined;
      if (!fields) continue;
      const id = fields[eventId] as string;
      if (!byTemplate.has(id)) byTemplate.set(id, new Set());
      byTemplate.get(id)?.add(messagePattern(fields[content] as string));
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // the templates whose variables are numbers and addresses only collapse to one pattern each
    let lines = 0;
    for (const id of ['E2', 'E3', 'E14', 'E16', 'E18', 'E23', 'E24']) {
      const patterns = byTemplate.get(id);
      expect(patterns, id).toBeDefined();
      expect([...(patterns ?? [])], id).toHaveLength(1);
      lines += counts.get(id) ?? 0;
    }
    expect(lines).toBeGreaterThan(20);
    expect(byTemplate.get('E24')).toEqual(new Set(['Received disconnect from <ip>: <num>: Bye Bye [preauth]']));
  });
});
