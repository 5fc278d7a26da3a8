import { validateDashboard } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { dashboardIdFor, isDashboardId, newDashboard } from './new-dashboard.ts';

describe('new dashboard', () => {
  it('makes a valid id from any title, unique among the taken ones', () => {
    expect(dashboardIdFor('Web shop — Errors!')).toBe('web-shop-errors');
    expect(dashboardIdFor('Café Überblick')).toBe('cafe-uberblick');
    expect(dashboardIdFor('!!!')).toBe('dashboard');
    expect(dashboardIdFor('ops', new Set(['ops', 'ops-2']))).toBe('ops-3');
    const long = dashboardIdFor('x'.repeat(200), new Set(['x'.repeat(58)]));
    expect(isDashboardId(long)).toBe(true);
    expect(isDashboardId('-bad')).toBe(false);
  });

  it('is a dashboard the schema accepts', () => {
    const d = newDashboard('  My board ');
    expect(d).toEqual({ id: 'my-board', title: 'My board', columns: 24, panels: [] });
    expect(validateDashboard(d).ok).toBe(true);
  });
});
