import { describe, expect, it } from 'vitest';
import * as renameFields from './rename-fields.ts';
import { buildProcessor, ev } from './test-helpers.ts';

describe('rename_fields', () => {
  it('moves a field to a dotted name', () => {
    const e = ev('x');
    e.doc.env = 'prod';
    buildProcessor(renameFields, { type: 'rename_fields', fields: [{ from: 'env', to: 'labels.env' }] }).process([e]);
    expect(e.doc).toMatchObject({ labels: { env: 'prod' } });
    expect(e.doc.env).toBeUndefined();
  });
});
