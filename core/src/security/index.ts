export * from './authorization.ts';
export * from './principal.ts';
export * from './read-filter.ts';
