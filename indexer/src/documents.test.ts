import { getField } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { datasetFromIndex, documentFromSource, documentFromText } from './documents.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');
const NGINX = '10.0.0.1 - - [25/Nov/2026:11:59:59 +0000] "GET /a HTTP/1.1" 404 12 "-" "curl/8.0"';

describe('documents', () => {
  it('parses the raw line inside a shipper document and keeps its metadata (rsyslog, syslog-ng, Vector)', () => {
    const r = documentFromSource(
      JSON.stringify({ '@timestamp': '2026-11-25T11:59:59.5Z', host: 'web1', file: '/var/log/x', message: NGINX }),
      { receivedAt },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pipeline).toBe('auto');
    expect(r.doc['@timestamp']).toBe('2026-11-25T11:59:59.000Z'); // from the line
    expect(getField(r.doc, 'http.response.status_code')).toBe(404);
    expect(getField(r.doc, 'host.name')).toBe('web1');
    expect(r.doc.file).toBe('/var/log/x');
    expect(getField(r.doc, 'event.ingested')).toBe(receivedAt.toISOString());
  });

  it("uses the shipper's @timestamp when the line has none", () => {
    const r = documentFromSource(JSON.stringify({ '@timestamp': '2026-11-20T01:02:03Z', message: 'just words' }), {
      receivedAt,
    });
    expect(r.ok && r.doc['@timestamp']).toBe('2026-11-20T01:02:03.000Z');
  });

  it("keeps a caller's @timestamp that is not a time, as a conflict, instead of dropping it", () => {
    const r = documentFromSource(JSON.stringify({ '@timestamp': 'not a date at all', message: 'bad date' }), {
      receivedAt,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc['@timestamp']).toBe(receivedAt.toISOString());
    expect(getField(r.doc, 'driftwood.conflicts.@timestamp')).toBe('"not a date at all"');
    expect(r.doc.tags).toContain('_mapping_conflict');
    // epoch seconds (Fluent Bit) are a time: no conflict, and the fallback for a line without one
    const fb = documentFromSource(JSON.stringify({ '@timestamp': 1764072000, message: 'just words' }), { receivedAt });
    expect(fb.ok && fb.doc['@timestamp']).toBe('2025-11-25T12:00:00.000Z');
    expect(fb.ok && getField(fb.doc, 'driftwood.conflicts.@timestamp')).toBeUndefined();
  });

  it('reads Fluent Bit `log` and Filebeat ECS metadata as raw lines', () => {
    const fb = documentFromSource(JSON.stringify({ '@timestamp': 1764072000, log: NGINX }), { receivedAt });
    expect(fb.ok && getField(fb.doc, 'url.original')).toBe('/a');
    const filebeat = documentFromSource(
      JSON.stringify({
        '@timestamp': '2026-11-25T11:59:59.000Z',
        message: NGINX,
        agent: { type: 'filebeat', version: '8.17.0' },
        ecs: { version: '8.0.0' },
        log: { file: { path: '/var/log/nginx/access.log' }, offset: 10 },
        input: { type: 'filestream' },
        host: { name: 'h1' },
      }),
      { receivedAt },
    );
    expect(filebeat.ok).toBe(true);
    if (!filebeat.ok) return;
    expect(getField(filebeat.doc, 'http.request.method')).toBe('GET');
    expect(getField(filebeat.doc, 'log.file.path')).toBe('/var/log/nginx/access.log');
    expect(getField(filebeat.doc, 'agent.type')).toBe('filebeat');
    expect(getField(filebeat.doc, 'host.name')).toBe('h1');
  });

  it('keeps structured documents, normalised', () => {
    const r = documentFromSource(
      JSON.stringify({ time: '2026-11-25T10:00:00Z', level: 30, msg: 'hi', 'service.name': 'api', user: { id: 7 } }),
      { receivedAt, dataset: 'app.api' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pipeline).toBe('structured');
    expect(r.doc).toMatchObject({ '@timestamp': '2026-11-25T10:00:00.000Z', message: 'hi', user: { id: 7 } });
    expect(getField(r.doc, 'log.level')).toBe('info');
    expect(getField(r.doc, 'service.name')).toBe('api');
    expect(getField(r.doc, 'event.dataset')).toBe('app.api');
    const bare = documentFromSource('{"cpu":0.5}', { receivedAt });
    expect(bare.ok && bare.doc['@timestamp']).toBe(receivedAt.toISOString());
  });

  it('honours a named pipeline and _none', () => {
    const r = documentFromSource(JSON.stringify({ message: NGINX, extra: 1 }), { receivedAt, pipeline: 'nginx' });
    expect(r.ok && getField(r.doc, 'http.response.status_code')).toBe(404);
    expect(r.ok && r.doc.extra).toBe(1);
    const none = documentFromSource(JSON.stringify({ message: NGINX, level: 'x' }), { receivedAt, pipeline: '_none' });
    expect(none.ok && none.doc.message).toBe(NGINX);
    expect(none.ok && none.doc.level).toBe('x');
    const unknown = documentFromSource('{"a":1}', { receivedAt, pipeline: 'nope' });
    expect(unknown).toMatchObject({ ok: false, type: 'illegal_argument_exception' });
  });

  it('fails malformed, non-object and too deep sources with a reason', () => {
    expect(documentFromSource('{bad', { receivedAt })).toMatchObject({ ok: false, type: 'mapper_parsing_exception' });
    expect(documentFromSource('[1,2]', { receivedAt })).toMatchObject({ ok: false });
    expect(documentFromSource('"s"', { receivedAt })).toMatchObject({ ok: false });
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    expect(documentFromSource(deep, { receivedAt })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deeper/),
    });
  });

  it('treats /ingest lines as JSON objects or raw lines', () => {
    expect(documentFromText('{"msg":"m","level":"warn"}', { receivedAt })).toMatchObject({
      ok: true,
      pipeline: 'structured',
    });
    const raw = documentFromText('{not json', { receivedAt });
    expect(raw.ok && raw.doc.message).toBe('{not json');
  });

  it('derives datasets from data stream names', () => {
    expect(datasetFromIndex('logs-nginx.access-default')).toBe('nginx.access');
    expect(datasetFromIndex('filebeat-8.17.0')).toBeUndefined();
  });
});
