/**
 * The parts of the Elasticsearch API shippers call before they send `_bulk`, answered so they
 * accept the indexer: `GET /` (version 8.17.0, build_flavor default — the official client and
 * Beats check these), `_license` (basic, active: Beats and Logstash refuse to start without it),
 * `_xpack`, `_cluster/health`, `_nodes`, and the setup calls Filebeat/Logstash/Vector make —
 * index/component templates, ILM policies, ingest pipelines, data streams, index and alias
 * creation — kept in memory as no-ops so "exists?" checks after a PUT say yes.
 */

export const ES_VERSION = '8.17.0';
export const CLUSTER_NAME = 'driftwood';
const CLUSTER_UUID = 'ZHJpZnR3b29kLWluZGV4ZXI';

export interface EsAnswer {
  status: number;
  body?: unknown;
}

export function rootInfo(nodeName: string): unknown {
  return {
    name: nodeName,
    cluster_name: CLUSTER_NAME,
    cluster_uuid: CLUSTER_UUID,
    version: {
      number: ES_VERSION,
      build_flavor: 'default',
      build_type: 'tar',
      build_hash: '0000000000000000000000000000000000000000',
      build_date: '2024-12-11T12:08:05.663969764Z',
      build_snapshot: false,
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

const license = {
  license: {
    status: 'active',
    uid: '00000000-0000-0000-0000-000000000000',
    type: 'basic',
    issue_date: '2024-01-01T00:00:00.000Z',
    issue_date_in_millis: 1704067200000,
    max_nodes: 1000,
    max_resource_units: null,
    issued_to: CLUSTER_NAME,
    issuer: 'elasticsearch',
    start_date_in_millis: -1,
  },
};

const xpack = {
  build: { hash: '0000000', date: '2024-12-11T12:08:05.663969764Z' },
  license: { uid: license.license.uid, type: 'basic', mode: 'basic', status: 'active' },
  features: {
    ilm: { available: true, enabled: true },
    security: { available: true, enabled: false },
    monitoring: { available: true, enabled: true },
  },
  tagline: 'You know, for X',
};

function health(): unknown {
  return {
    cluster_name: CLUSTER_NAME,
    status: 'green',
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 1,
    active_shards: 1,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: 100,
  };
}

function nodes(nodeName: string): unknown {
  return {
    _nodes: { total: 1, successful: 1, failed: 0 },
    cluster_name: CLUSTER_NAME,
    nodes: {
      driftwood0: {
        name: nodeName,
        version: ES_VERSION,
        roles: ['data', 'ingest', 'master'],
        http: { publish_address: '127.0.0.1:9280' },
        ingest: { processors: [] },
        modules: [],
        plugins: [],
      },
    },
  };
}

const notFound = (type: string, reason: string): EsAnswer => ({
  status: 404,
  body: { error: { root_cause: [{ type, reason }], type, reason }, status: 404 },
});

/** Resource kinds kept in memory: path prefix → how GET answers. */
const RESOURCES: Record<string, (name: string, value: unknown) => unknown> = {
  _index_template: (name, value) => ({ index_templates: [{ name, index_template: value }] }),
  _component_template: (name, value) => ({ component_templates: [{ name, component_template: value }] }),
  _template: (name, value) => ({ [name]: value }),
  '_ilm/policy': (name, value) => ({
    [name]: {
      version: 1,
      modified_date: new Date(0).toISOString(),
      policy: (value as { policy?: unknown })?.policy ?? value,
    },
  }),
  '_ingest/pipeline': (name, value) => ({ [name]: value }),
  _data_stream: (name) => ({ data_streams: [{ name, status: 'GREEN', template: name }] }),
};

export class EsApi {
  private readonly resources = new Map<string, unknown>();
  private readonly indices = new Set<string>();
  readonly nodeName: string;

  constructor(nodeName = 'driftwood-indexer') {
    this.nodeName = nodeName;
  }

  /** Answers a non-ingest request, or undefined when the path is not one of ours. */
  handle(method: string, path: string, body: unknown): EsAnswer | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    const head = parts[0] ?? '';
    const read = method === 'GET' || method === 'HEAD';
    if (parts.length === 0 && read) return { status: 200, body: rootInfo(this.nodeName) };
    if (head === '_license' && read) return { status: 200, body: license };
    if (head === '_xpack' && read) return { status: 200, body: xpack };
    if (head === '_cluster' && parts[1] === 'health' && read) return { status: 200, body: health() };
    // Older Vector releases read the API major version from `/_cluster/state/version`.
    if (head === '_cluster' && parts[1] === 'state' && read)
      return {
        status: 200,
        body: {
          cluster_name: CLUSTER_NAME,
          cluster_uuid: CLUSTER_UUID,
          version: 8,
          state_uuid: CLUSTER_UUID,
          master_node: 'driftwood0',
        },
      };
    if (head === '_nodes' && read) return { status: 200, body: nodes(this.nodeName) };
    if (head === '_ilm' && parts[1] === 'status' && read) return { status: 200, body: { operation_mode: 'RUNNING' } };
    if (head === '_cat') return { status: 200, body: [] };
    for (const prefix of Object.keys(RESOURCES)) {
      const n = prefix.split('/').length;
      if (parts.slice(0, n).join('/') !== prefix) continue;
      const name = decodeURIComponent(parts.slice(n).join('/'));
      const key = `${prefix}/${name}`;
      if (method === 'PUT' || method === 'POST') {
        this.resources.set(key, body ?? {});
        return { status: 200, body: { acknowledged: true } };
      }
      if (method === 'DELETE') {
        this.resources.delete(key);
        return { status: 200, body: { acknowledged: true } };
      }
      if (read) {
        if (name === '' || name === '*') {
          const all = [...this.resources].filter(([k]) => k.startsWith(`${prefix}/`));
          return {
            status: 200,
            body: Object.assign({}, ...all.map(([k, v]) => RESOURCES[prefix]!(k.slice(prefix.length + 1), v))),
          };
        }
        if (!this.resources.has(key)) return notFound('resource_not_found_exception', `${prefix} [${name}] missing`);
        return { status: 200, body: RESOURCES[prefix]!(name, this.resources.get(key)) };
      }
    }
    if (head === '_alias' || head === '_aliases') {
      if (read) {
        const name = parts[1] ?? '';
        return this.indices.has(name)
          ? { status: 200, body: { [name]: { aliases: { [name]: { is_write_index: true } } } } }
          : notFound('aliases_not_found_exception', `alias [${name}] missing`);
      }
      return { status: 200, body: { acknowledged: true } };
    }
    if (head.startsWith('_')) return undefined;
    // Index level: PUT /<index> creates, HEAD/GET /<index> checks, /<index>/_refresh etc.
    const index = decodeURIComponent(head);
    if (parts.length === 1) {
      if (method === 'PUT') {
        this.indices.add(index);
        const alias = (body as { aliases?: Record<string, unknown> } | undefined)?.aliases;
        for (const a of Object.keys(alias ?? {})) this.indices.add(a);
        return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index } };
      }
      if (read) {
        return this.indices.has(index)
          ? { status: 200, body: { [index]: { aliases: {}, mappings: {}, settings: {} } } }
          : notFound('index_not_found_exception', `no such index [${index}]`);
      }
    }
    if (parts[1] === '_refresh' || parts[1] === '_flush')
      return { status: 200, body: { _shards: { total: 1, successful: 1, failed: 0 } } };
    if (parts[1] === '_alias' || parts[1] === '_mapping' || parts[1] === '_settings') {
      if (method === 'PUT' || method === 'POST') return { status: 200, body: { acknowledged: true } };
    }
    return undefined;
  }
}
