'use client';
/** Light / dark / system theme, remembered in localStorage (sets `data-theme` on <html>). */
import { useEffect, useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const KEY = 'driftwood.theme';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

function apply(theme: Theme): void {
  if (theme === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    const saved = window.localStorage.getItem(KEY);
    const t: Theme = saved === 'light' || saved === 'dark' ? saved : 'system';
    setTheme(t);
    apply(t);
  }, []);
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      title="Switch theme"
      onClick={() => {
        const t = NEXT[theme];
        setTheme(t);
        apply(t);
        window.localStorage.setItem(KEY, t);
      }}
    >
      Theme: {theme}
    </button>
  );
}
