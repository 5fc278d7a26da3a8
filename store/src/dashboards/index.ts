export * from './load.ts';
export * from './provision.ts';
export * from './saved.ts';
