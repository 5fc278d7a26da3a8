import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript sources (relative imports with `.ts`); Next compiles them with the app.
  transpilePackages: ['@driftwood/core', '@driftwood/store', '@driftwood/alerting'],
  // Native or Node-only store clients stay plain `require`s on the server, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@opensearch-project/opensearch', '@elastic/elasticsearch'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
