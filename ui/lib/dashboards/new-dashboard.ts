/** "New dashboard": an id from the title (the schema's key: 1–64 of A-Z a-z 0-9 _ . -) and the empty dashboard. */
import type { Dashboard } from '@driftwood/core';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `Web shop — errors!` → `web-shop-errors`; `-2`, `-3`… when the id is taken; `dashboard` when nothing is left. */
export function dashboardIdFor(title: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 58)
      .replace(/-+$/, '') || 'dashboard';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function isDashboardId(id: string): boolean {
  return KEY.test(id);
}

/** An empty dashboard (24 columns, the last 24 hours) to build on. */
export function newDashboard(title: string, taken?: ReadonlySet<string>): Dashboard {
  return { id: dashboardIdFor(title, taken), title: title.trim(), columns: 24, panels: [] };
}
