export * from './format.ts';
export * from './parse.ts';
export * from './schema.ts';
