import { describe, expect, it } from 'vitest';
import { renderTemplate, templateError } from './template.ts';

describe('template', () => {
  it('renders known variables and rejects unknown ones', () => {
    expect(templateError('{{ rule.name }} at {{time}}')).toBeUndefined();
    expect(templateError('{{rule.nam}}')).toMatch(/unknown template variable/);
    const values = { 'rule.name': 'Errors', time: 'T' } as Parameters<typeof renderTemplate>[1];
    expect(renderTemplate('{{ rule.name }} at {{time}}', values)).toBe('Errors at T');
  });
});
