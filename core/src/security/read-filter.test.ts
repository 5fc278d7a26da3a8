import { describe, expect, it } from 'vitest';
import { DriftwoodError } from '../errors.ts';
import { parseKql } from '../kql/index.ts';
import { BUILTIN_ROLES, type RoleDefinition } from './principal.ts';
import { NOT_AUDIT_FILTER, readFilterFor } from './read-filter.ts';

const builtin = (name: string) => BUILTIN_ROLES.find((r) => r.name === name) as RoleDefinition;
const zurich: RoleDefinition = { name: 'zurich', privileges: ['read'], filter: 'site:zurich' };
const iot: RoleDefinition = { name: 'iot', privileges: ['read'], filter: 'event.dataset:iot* and not log.level:debug' };

describe('readFilterFor', () => {
  it('admins read everything, other readers everything but the audit trail', () => {
    expect(readFilterFor([builtin('admin')])).toBeUndefined();
    expect(readFilterFor([builtin('viewer')])).toBe(NOT_AUDIT_FILTER);
    expect(readFilterFor([builtin('editor'), zurich])).toBe(NOT_AUDIT_FILTER);
  });

  it('ORs the filters of filtered roles and keeps the audit exclusion', () => {
    expect(readFilterFor([zurich])).toBe(`((site:zurich)) and ${NOT_AUDIT_FILTER}`);
    const both = readFilterFor([zurich, iot]) as string;
    expect(both).toBe(`((site:zurich) or (event.dataset:iot* and not log.level:debug)) and ${NOT_AUDIT_FILTER}`);
    // the parentheses keep each filter whole: the AST is and(or(zurich, and(iot, not debug)), not audit)
    const ast = parseKql(both) as { type: string };
    expect(ast.type).toBe('and');
  });

  it('a role without read adds no filter; an admin role with a filter is filtered but sees audit', () => {
    expect(readFilterFor([zurich, builtin('ingest')])).toBe(`((site:zurich)) and ${NOT_AUDIT_FILTER}`);
    expect(readFilterFor([{ name: 'a', privileges: ['read', 'admin'], filter: 'site:zurich' }])).toBe('(site:zurich)');
  });

  it('refuses a filter that is not KQL', () => {
    expect(() => readFilterFor([{ name: 'bad', privileges: ['read'], filter: 'a:(' }])).toThrow(DriftwoodError);
  });
});
