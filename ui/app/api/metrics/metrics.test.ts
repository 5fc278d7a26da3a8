/**
 * GET /api/metrics on a real embedded store, called as the UI server calls it: the requests the
 * other routes answered are counted by declared route (an id never becomes a label), method and
 * status, with their durations and the process metrics; only an admin may read it.
 */
import { describe, expect, it } from 'vitest';
import { basic, useRouteTestStore } from '../../../lib/server/testdata/routes.ts';
import { GET as getDashboard } from '../dashboards/[id]/route.ts';
import { GET as listDashboards } from '../dashboards/route.ts';
import { GET } from './route.ts';

const ADMIN = basic('metrics-admin', 'admin-password-1');
const EDITOR = basic('metrics-editor', 'editor-password-1');
const request = (route: string, headers: Record<string, string>) =>
  new Request(`http://localhost:3000${route}`, { headers });

/** A sample's value in Prometheus text, for the series whose labels include all of `labels`. */
function sample(text: string, name: string, labels: string[]): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && labels.every((x) => l.slice(0, l.lastIndexOf('}')).includes(x)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /api/metrics', () => {
  useRouteTestStore('ui-metrics', [
    { username: 'metrics-admin', password: 'admin-password-1', roles: ['admin'] },
    { username: 'metrics-editor', password: 'editor-password-1', roles: ['editor'] },
  ]);

  it('counts answered API requests by declared route, method and status, for an admin only', async () => {
    expect((await listDashboards(request('/api/dashboards', EDITOR))).status).toBe(200);
    expect((await listDashboards(request('/api/dashboards', EDITOR))).status).toBe(200);
    const missing = await getDashboard(request('/api/dashboards/no-such-id', EDITOR), {
      params: Promise.resolve({ id: 'no-such-id' }),
    });
    expect(missing.status).toBe(404);
    expect((await listDashboards(request('/api/dashboards', {}))).status).toBe(401);

    expect((await GET(request('/api/metrics', EDITOR))).status).toBe(403);
    const res = await GET(request('/api/metrics', ADMIN));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const requests = 'driftwood_ui_http_requests_total';
    expect(sample(text, requests, ['route="/api/dashboards"', 'status="200"', 'method="GET"'])).toBe(2);
    expect(sample(text, requests, ['route="/api/dashboards/[id]"', 'status="404"'])).toBe(1);
    expect(sample(text, requests, ['route="/api/dashboards"', 'status="401"'])).toBe(1);
    expect(sample(text, requests, ['route="/api/metrics"', 'status="403"'])).toBe(1);
    expect(text).not.toContain('no-such-id');
    expect(sample(text, 'driftwood_ui_http_request_seconds_count', ['route="/api/dashboards"'])).toBe(3);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });
});
