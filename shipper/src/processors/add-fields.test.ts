import { describe, expect, it } from 'vitest';
import * as addFields from './add-fields.ts';
import { buildProcessor, ev } from './test-helpers.ts';

describe('add_fields', () => {
  it('sets dotted and plain fields', () => {
    const [e] = buildProcessor(addFields, {
      type: 'add_fields',
      fields: { 'service.name': 'api', env: 'prod' },
    }).process([ev('x')]);
    expect(e!.doc).toMatchObject({ service: { name: 'api' }, env: 'prod', message: 'x' });
  });
});
