export * from './contract.ts';
export { createEmbeddedStore, EmbeddedStore, type EmbeddedStoreOptions } from './embedded/store.ts';
export { type Plan, planQuery } from './query-plan.ts';
export { FieldCatalog } from './schema.ts';
export { tokenize } from './text.ts';
