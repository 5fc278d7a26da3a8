/**
 * The policy point covers the whole app: every page and every route method under ui/app is
 * declared in policy.ts, and every route method is exported through `route(policy, …)` with the
 * policy declared for it (read from the handler itself, not from the source text).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_POLICIES, apiPolicy, METHODS, PAGE_POLICIES, pagePolicy, UNFILTERED_ROUTES } from './policy.ts';
import { isUnfiltered, policyOf } from './route.ts';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../app');

/** Files under ui/app named `name`, as app paths (`/alerts/[id]`; route groups `(x)` dropped). */
function appFiles(name: string): Array<{ appPath: string; file: string }> {
  const out: Array<{ appPath: string; file: string }> = [];
  const walk = (dir: string, segments: string[]): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const group = entry.name.startsWith('(') && entry.name.endsWith(')');
        walk(full, group ? segments : [...segments, entry.name]);
      } else if (entry.name === name) {
        out.push({ appPath: `/${segments.join('/')}`, file: full });
      }
    }
  };
  walk(APP, []);
  return out;
}

const HTTP_EXPORTS = [...METHODS, 'HEAD', 'OPTIONS'];

describe('the policy point', () => {
  const pages = appFiles('page.tsx');
  const routes = appFiles('route.ts');

  it('finds the app (a walk that finds nothing proves nothing)', () => {
    expect(pages.map((p) => p.appPath)).toContain('/discover');
    expect(routes.map((r) => r.appPath)).toContain('/api/search');
  });

  it('declares a policy for every page, and only for pages that exist', () => {
    const found = pages.map((p) => p.appPath).sort();
    const undeclared = found.filter((p) => !Object.hasOwn(PAGE_POLICIES, p));
    expect(undeclared, 'pages with no policy in lib/server/policy.ts').toEqual([]);
    const stale = Object.keys(PAGE_POLICIES).filter((p) => !found.includes(p) && p !== '/login');
    expect(stale, 'policies for pages that do not exist').toEqual([]);
  });

  it('wraps every exported method of every route with the policy declared for it', async () => {
    const problems: string[] = [];
    for (const { appPath, file } of routes) {
      const declared = API_POLICIES[appPath];
      if (!declared) {
        problems.push(`${appPath}: no policy declared`);
        continue;
      }
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of HTTP_EXPORTS) {
        const handler = mod[method];
        const want = (declared as Record<string, string | undefined>)[method];
        if (handler === undefined) {
          if (want !== undefined) problems.push(`${appPath} ${method}: declared but not exported`);
          continue;
        }
        if (want === undefined) problems.push(`${appPath} ${method}: exported but not declared`);
        else if (policyOf(handler) !== want)
          problems.push(`${appPath} ${method}: wrapped with ${policyOf(handler) ?? 'nothing'}, declared ${want}`);
        if (isUnfiltered(handler) !== UNFILTERED_ROUTES.has(appPath))
          problems.push(
            `${appPath} ${method}: unfiltered ${isUnfiltered(handler)}, declared ${UNFILTERED_ROUTES.has(appPath)}`,
          );
      }
    }
    const stale = Object.keys(API_POLICIES).filter((p) => !routes.some((r) => r.appPath === p));
    for (const p of stale) problems.push(`${p}: declared but no route file`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('has no test-only route or page in the app (the production build serves what ui/app holds)', () => {
    const all = [...pages, ...routes].map((f) => f.appPath);
    expect(all.filter((p) => /(^|\/)_?_?(test|tests|e2e|debug|fixtures?)(\/|$)/i.test(p))).toEqual([]);
  });

  it('matches request paths to declared ones; unknown paths and methods have none', () => {
    expect(pagePolicy('/alerts/abc')).toBe('read');
    expect(pagePolicy('/alerts/new')).toBe('write');
    expect(pagePolicy('/')).toBe('read');
    expect(pagePolicy('/login')).toBe('public');
    expect(pagePolicy('/nope')).toBeUndefined();
    expect(apiPolicy('/api/alerts/rules/r1', 'DELETE')).toBe('write');
    expect(apiPolicy('/api/alerts/rules/r1/history', 'GET')).toBe('read');
    expect(apiPolicy('/api/search', 'HEAD')).toBe('read');
    expect(apiPolicy('/api/search', 'POST')).toBeUndefined();
    expect(apiPolicy('/api/alerts/rules/r1/extra/more', 'GET')).toBeUndefined();
    expect(apiPolicy('/api/nope', 'GET')).toBeUndefined();
  });
});
