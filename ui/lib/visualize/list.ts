/** The /visualize list: search over title, description and type; a tag filter; the tags in use. */
import type { Visualization } from '@driftwood/core';

export function filterVisualizations(list: readonly Visualization[], search: string, tag?: string): Visualization[] {
  const s = search.trim().toLowerCase();
  return list.filter((v) => {
    if (tag && !(v.tags ?? []).includes(tag)) return false;
    if (s === '') return true;
    return [v.title, v.description ?? '', v.type, ...(v.tags ?? [])].some((t) => t.toLowerCase().includes(s));
  });
}

/** Every tag in use, with how many visualizations carry it, most used first then by name. */
export function tagCounts(list: readonly Visualization[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, number>();
  for (const v of list) for (const t of v.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}
