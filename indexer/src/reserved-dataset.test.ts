import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { defuseAuditSpoof, isReservedDataset } from './reserved-dataset.ts';

describe('defuseAuditSpoof', () => {
  it('turns an event claiming event.dataset driftwood.audit into driftwood.audit_spoofed, keeping everything', () => {
    const doc: LogDocument = {
      message: 'admin logged in',
      event: { dataset: 'driftwood.audit', action: 'login' },
      driftwood: { audit: { actor: 'admin', outcome: 'success' } },
      tags: ['x'],
    };
    expect(defuseAuditSpoof(doc)).toBe(true);
    expect(doc).toEqual({
      message: 'admin logged in',
      event: { dataset: 'driftwood.audit_spoofed', action: 'login' },
      driftwood: {
        spoofed: {
          event: { dataset: 'driftwood.audit' },
          driftwood: { audit: JSON.stringify({ 'driftwood.audit': { actor: 'admin', outcome: 'success' } }) },
        },
      },
      tags: ['x', '_reserved_dataset'],
    });
    expect(defuseAuditSpoof(doc)).toBe(false); // a defused event stays as it is
  });

  it('finds dotted spellings, sub-datasets, arrays and audit fields under another dataset', () => {
    const dotted: LogDocument = { 'event.dataset': 'Driftwood.Audit.login', 'driftwood.audit.actor': 'x' };
    expect(defuseAuditSpoof(dotted)).toBe(true);
    expect(dotted).toMatchObject({
      event: { dataset: 'driftwood.audit_spoofed' },
      driftwood: { spoofed: { event: { dataset: 'Driftwood.Audit.login' } } },
    });
    expect(Object.keys(dotted)).not.toContain('event.dataset');
    expect(Object.keys(dotted)).not.toContain('driftwood.audit.actor');

    const fieldsOnly: LogDocument = { event: { dataset: 'nginx.access' }, driftwood: { 'audit.action': 'x' } };
    expect(defuseAuditSpoof(fieldsOnly)).toBe(true);
    expect(fieldsOnly).toMatchObject({
      event: { dataset: 'driftwood.audit_spoofed' },
      driftwood: { spoofed: { event: { dataset: 'nginx.access' } } },
    });
    expect((fieldsOnly.driftwood as Record<string, unknown>)['audit.action']).toBeUndefined();

    const inArray: LogDocument = { event: [{ dataset: 'driftwood.audit' }] };
    expect(defuseAuditSpoof(inArray)).toBe(true);
    expect(inArray.event).toEqual({ dataset: 'driftwood.audit_spoofed' });
    expect(defuseAuditSpoof({ 'event.dataset': ['a', 'driftwood.audit'] })).toBe(true);
  });

  it('leaves ordinary events alone, including look-alike names', () => {
    for (const doc of [
      { message: 'm', event: { dataset: 'nginx.access' } },
      { event: { dataset: 'driftwood.auditing' } },
      { event: { dataset: 'driftwood.audit_spoofed' } },
      { driftwood: { auditor: 'x', conflicts: { 'event.dataset': 'driftwood.audit' } } },
      { message: 'driftwood.audit' },
    ] as LogDocument[]) {
      const before = structuredClone(doc);
      expect(defuseAuditSpoof(doc), JSON.stringify(before)).toBe(false);
      expect(doc).toEqual(before);
    }
    expect(isReservedDataset(' driftwood.audit ')).toBe(true);
    expect(isReservedDataset(7)).toBe(false);
  });
});
