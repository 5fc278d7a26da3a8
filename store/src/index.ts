export * as alerts from './alerts/index.ts';
export * from './contract.ts';
export * from './dashboards/index.ts';
export {
  createEmbeddedStore,
  EmbeddedStore,
  type EmbeddedStoreOptions,
  FAST_PATHS,
  type FastPath,
} from './embedded/store.ts';
export { FieldCatalog } from './field-catalog.ts';
export {
  DATABASE_FILE,
  DEFAULT_DATA_DIR,
  ensurePrivateDataDir,
  type OpenOptions,
  openStore,
  publishStoreServer,
  SERVER_FILE,
  type StoreFlags,
  type StoreKind,
  type StoreSelection,
  selectStore,
} from './open.ts';
export { type Plan, planQuery } from './query-plan.ts';
export { createStoreHandler, RemoteStore, STORE_API_PREFIX } from './remote.ts';
export { restrictQuery, restrictStore } from './restricted.ts';
export * from './security/index.ts';
export { tokenize } from './tokenizer.ts';
