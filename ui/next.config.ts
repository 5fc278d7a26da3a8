import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/server/guard.ts';

const config: NextConfig = {
  // Workspace packages ship TypeScript sources (relative imports with `.ts`); Next compiles them with the app.
  transpilePackages: ['@driftwood/core', '@driftwood/store', '@driftwood/alerting'],
  // Native or Node-only store clients stay plain `require`s on the server, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@opensearch-project/opensearch', '@elastic/elasticsearch'],
  poweredByHeader: false,
  reactStrictMode: true,
  // on every answer, Next's static files included (the proxy sets them on the rest too)
  headers: async () => [
    { source: '/:path*', headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) },
  ],
};

export default config;
