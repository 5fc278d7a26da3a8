/**
 * GET /api/metrics — the UI server's Prometheus metrics (lib/server/metrics.ts), for an admin
 * (Prometheus scrapes it with an admin API key: `authorization: ApiKey …` or Basic).
 */
import { uiMetrics } from '../../../lib/server/metrics.ts';
import { route } from '../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('admin', async () => {
  const { registry } = uiMetrics();
  return new Response(await registry.metrics(), {
    status: 200,
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
});
