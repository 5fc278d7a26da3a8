import { describe, expect, it } from 'vitest';
import * as dropFields from './drop-fields.ts';
import { buildProcessor, ev } from './test-helpers.ts';

describe('drop_fields', () => {
  it('removes dotted and plain fields, never @timestamp', () => {
    const e = ev('x');
    e.doc.labels = { env: 'prod', team: 'a' };
    e.doc.service = { name: 'api' };
    buildProcessor(dropFields, { type: 'drop_fields', fields: ['labels.env', 'service'] }).process([e]);
    expect(e.doc.service).toBeUndefined();
    expect(e.doc.labels).toEqual({ team: 'a' });
    expect(() => dropFields.configSchema.parse({ type: 'drop_fields', fields: ['@timestamp'] })).toThrow();
  });
});
