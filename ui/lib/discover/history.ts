/** Recent queries, most recent first, kept in localStorage. */

export const HISTORY_KEY = 'driftwood.discover.history';
export const HISTORY_MAX = 20;

export function addToHistory(history: readonly string[], query: string, max = HISTORY_MAX): string[] {
  const q = query.trim();
  if (q === '') return [...history];
  return [q, ...history.filter((h) => h !== q)].slice(0, max);
}

export function parseHistory(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

export function loadHistory(): string[] {
  if (typeof window === 'undefined') return [];
  try {
    return parseHistory(window.localStorage.getItem(HISTORY_KEY));
  } catch {
    return [];
  }
}

export function saveHistory(history: readonly string[]): void {
  if (typeof window === 'undefined') return;
  try {
    window.localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    // storage full or disabled: history is a convenience
  }
}
