/** `@driftwood/core/node`: the parts of core that need Node (not for the browser). */
export * from './event-id.ts';
export * from './metrics.ts';
export * from './metrics-server.ts';
