import { describe, expect, it } from 'vitest';
import * as dropEvent from './drop-event.ts';
import { buildProcessor, ev } from './test-helpers.ts';

describe('drop_event', () => {
  it('drops what the KQL condition matches', () => {
    const p = buildProcessor(dropEvent, { type: 'drop_event', when: 'message:healthcheck or log.level:debug' });
    const out = p.process([ev('GET /healthcheck 200'), ev('real work', 1)]);
    expect(out.map((e) => e.doc.message)).toEqual(['real work']);
  });
});
