import type { NextConfig } from 'next';
import { MAX_BODY_BYTES, SECURITY_HEADERS } from './lib/server/guard.ts';

const config: NextConfig = {
  // Workspace packages ship TypeScript sources (relative imports with `.ts`); Next compiles them with the app.
  transpilePackages: ['@driftwood/core', '@driftwood/store'],
  // Native or Node-only store clients stay plain `require`s on the server, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@opensearch-project/opensearch', '@elastic/elasticsearch'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Next buffers request bodies for the proxy and cuts a longer one (at a chunk boundary, without
    // an error): twice what a route reads, so a cut body is still over the route's cap and answered
    // 413, never parsed short. A declared Content-Length over the cap is refused by the proxy first.
    proxyClientMaxBodySize: 2 * MAX_BODY_BYTES,
  },
  // on every answer, Next's static files included (the proxy sets them on the rest too)
  headers: async () => [
    { source: '/:path*', headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) },
  ],
};

export default config;
