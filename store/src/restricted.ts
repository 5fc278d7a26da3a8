/**
 * Document-level security: a view of a LogStore in which every read is limited to the documents
 * matching a KQL filter (a principal's `readFilter`, the OR of its roles' filters plus the audit
 * exclusion for non-admins; see core/src/security/principal.ts).
 *
 * search, count, aggregate (every aggregation type, since the filter narrows the documents they
 * run over) and tail take `(filter) and (query)`: the two are combined as ASTs under one `and`
 * node, never as strings, so no user query (`x or *`, `not (…)`, an unbalanced parenthesis) can
 * escape the filter. The range (`from` / `to`), sort and paging are the caller's.
 *
 * `fields()` lists the field catalogue (names and types) of the whole store, except that when the
 * filter excludes the audit dataset (`not event.dataset:"driftwood.audit"` as the filter or one of
 * its top-level `and` conjuncts, as readFilterFor makes it for non-admins) the names under
 * `driftwood.audit.` are hidden: only audit events carry them.
 * Writes, flush, retention and saved objects pass through: the UI's policy point decides who may
 * call them. `close()` closes the underlying store, as it does when no filter applies and
 * `restrictStore` returns the store itself.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  AUDIT_DATASET,
  DriftwoodError,
  type KqlNode,
  NOT_AUDIT_FILTER,
  normalizeKql,
  parseKql,
  printKql,
} from '@driftwood/core';
import type {
  AggregateRequest,
  FieldInfo,
  LogStore,
  QueryInput,
  SearchHit,
  SearchRequest,
  TailOptions,
} from './contract.ts';

/** `filter and query` as one AST (flattened as the parser would; an empty query is the filter). */
export function restrictQuery(filter: KqlNode, query: QueryInput['query']): KqlNode {
  const user = userQuery(query);
  if (user.type === 'all') return filter;
  if (filter.type === 'all') return user;
  const children: KqlNode[] = [];
  for (const node of [filter, user]) {
    if (node.type === 'and') children.push(...node.children);
    else children.push(node);
  }
  return { type: 'and', children };
}

/**
 * The caller's query as a canonical AST. A query sent as an AST is printed and parsed again, so a
 * hand-made tree of an unknown shape is refused here rather than compiled by a backend.
 */
function userQuery(query: QueryInput['query']): KqlNode {
  if (query === undefined) return { type: 'all' };
  if (typeof query === 'string') return parseKql(query);
  let text: unknown;
  let canonical: unknown;
  try {
    text = printKql(query);
    canonical = normalizeKql(query);
  } catch (error) {
    throw new DriftwoodError('INPUT_INVALID', 'The query is not a KQL syntax tree', { cause: error });
  }
  // printing drops what it does not know (`and` of an unknown node prints as nothing): the tree
  // must be what its printed text parses to
  const parsed = typeof text === 'string' ? parseKql(text) : undefined;
  if (parsed === undefined || !isDeepStrictEqual(parsed, canonical)) {
    throw new DriftwoodError('INPUT_INVALID', 'The query is not a KQL syntax tree');
  }
  return parsed;
}

/** The filter once, parsed; a filter that is not KQL is a configuration error of its role. */
function parseFilter(readFilter: string): KqlNode {
  try {
    return parseKql(readFilter);
  } catch (error) {
    throw new DriftwoodError('CONFIG_INVALID', `The read filter is not valid KQL: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const NOT_AUDIT = parseKql(NOT_AUDIT_FILTER);
const AUDIT_FIELDS = `${AUDIT_DATASET}.`;

/** Does the filter exclude the audit dataset (as the filter itself or one of its top-level conjuncts)? */
export function excludesAudit(filter: KqlNode): boolean {
  const conjuncts = filter.type === 'and' ? filter.children : [filter];
  return conjuncts.some((node) => isDeepStrictEqual(node, NOT_AUDIT));
}

/** The catalogue without the fields only audit events carry (`driftwood.audit.*`). */
function withoutAuditFields(fields: FieldInfo[]): FieldInfo[] {
  return fields.filter((f) => f.name !== AUDIT_DATASET && !f.name.startsWith(AUDIT_FIELDS));
}

/**
 * The store as a principal with `readFilter` reads it: undefined (no restriction) gives the store
 * itself; a filter gives a LogStore whose reads only ever see documents matching it.
 */
export function restrictStore(store: LogStore, readFilter: string | undefined): LogStore {
  if (readFilter === undefined) return store;
  const filter = parseFilter(readFilter);
  const hideAudit = excludesAudit(filter);
  const restrict = <T extends QueryInput>(request: T): T => ({
    ...request,
    query: restrictQuery(filter, request.query),
  });
  return {
    get kind() {
      return store.kind;
    },
    init: () => store.init(),
    write: (events) => store.write(events),
    flush: () => store.flush(),
    // async, as the backends are: a query that does not parse rejects rather than throws
    search: async (request: SearchRequest) => store.search(restrict(request)),
    count: async (request: QueryInput) => store.count(restrict(request)),
    aggregate: async (request: AggregateRequest) => store.aggregate(restrict(request)),
    fields: async () => (hideAudit ? withoutAuditFields(await store.fields()) : store.fields()),
    tail: (options: TailOptions) => restrictedTail(store, restrict, options),
    deleteOlderThan: (cutoffMs) => store.deleteOlderThan(cutoffMs),
    saveObject: (object) => store.saveObject(object),
    getObject: (type, id) => store.getObject(type, id),
    listObjects: (type) => store.listObjects(type),
    deleteObject: (type, id) => store.deleteObject(type, id),
    close: () => store.close(),
  };
}

/** The restricted query is made when iteration starts, so a bad query fails the first `next()`. */
async function* restrictedTail(
  store: LogStore,
  restrict: (options: TailOptions) => TailOptions,
  options: TailOptions,
): AsyncIterable<SearchHit> {
  yield* store.tail(restrict(options));
}
