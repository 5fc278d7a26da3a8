export * from './names.ts';
export * from './parse.ts';
