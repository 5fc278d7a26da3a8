import { describe, expect, it } from 'vitest';
import { AUDIT_DATASET, BUILTIN_ROLES, can, isBuiltinRole, PRIVILEGES, type Principal } from './principal.ts';

const user = (privileges: Principal['privileges']): Principal => ({ kind: 'user', name: 'u', roles: [], privileges });

describe('principal', () => {
  it('can() grants only the privileges the principal holds, nothing to no principal', () => {
    const editor = user(['read', 'write']);
    expect(can(editor, 'read')).toBe(true);
    expect(can(editor, 'write')).toBe(true);
    expect(can(editor, 'admin')).toBe(false);
    expect(can(editor, 'ingest')).toBe(false);
    expect(can(user([]), 'read')).toBe(false);
    expect(can(undefined, 'read')).toBe(false);
  });

  it('has the four built-in roles, each with known privileges only', () => {
    expect(BUILTIN_ROLES.map((r) => r.name)).toEqual(['viewer', 'editor', 'admin', 'ingest']);
    for (const role of BUILTIN_ROLES) for (const p of role.privileges) expect(PRIVILEGES).toContain(p);
    const privilegesOf = (name: string) => BUILTIN_ROLES.find((r) => r.name === name)?.privileges;
    expect(privilegesOf('viewer')).toEqual(['read']);
    expect(privilegesOf('ingest')).toEqual(['ingest']); // writes events, cannot read
    expect(privilegesOf('admin')).toEqual([...PRIVILEGES]);
    expect(BUILTIN_ROLES.every((r) => r.filter === undefined)).toBe(true);
  });

  it('isBuiltinRole tells built-in role names from others, exactly', () => {
    expect(isBuiltinRole('viewer')).toBe(true);
    expect(isBuiltinRole('admin')).toBe(true);
    expect(isBuiltinRole('Admin')).toBe(false);
    expect(isBuiltinRole('ops')).toBe(false);
    expect(isBuiltinRole('')).toBe(false);
  });

  it('names the audit dataset', () => {
    expect(AUDIT_DATASET).toBe('driftwood.audit');
  });
});
