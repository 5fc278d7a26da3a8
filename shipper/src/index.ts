export { Agent } from './agent.ts';
export { run } from './cli.ts';
export type * from './component.ts';
export { loadConfig, parseConfig, type ShipperConfig } from './config.ts';
export { matchKql } from './kql-match.ts';
