export * from './last-seen.ts';
export * from './load.ts';
export * from './panel-request.ts';
export * from './provision.ts';
export * from './saved.ts';
