export * from './errors.ts';
export * from './event.ts';
export * from './kql/index.ts';
export * from './syslog.ts';
export * from './time/index.ts';
