export { Agent } from './agent.ts';
export { run } from './cli.ts';
export type * from './component.ts';
export { loadConfig, parseConfig, type ShipperConfig, topSchema } from './config.ts';
export { matchKql } from './kql-match.ts';
export { diskQueueSchema } from './queue/disk/index.ts';
export { memoryQueueSchema } from './queue/memory.ts';
export { OUTPUTS, PROCESSORS, SOURCES } from './registry.ts';
