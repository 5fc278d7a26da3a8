import { describe, expect, it } from 'vitest';
import { bulkItem, errorBody, itemErrors } from './bulk-response.ts';

// Shapes as Elasticsearch 8 answers them (clients such as Filebeat and Fluent Bit read these fields).
describe('Elasticsearch-shaped answers', () => {
  it('a request error repeats its cause as root_cause', () => {
    expect(errorBody(400, 'parse_exception', 'bad', { line: 3 })).toEqual({
      error: {
        root_cause: [{ type: 'parse_exception', reason: 'bad', line: 3 }],
        type: 'parse_exception',
        reason: 'bad',
        line: 3,
      },
      status: 400,
    });
  });

  it('created, noop and error items', () => {
    expect(bulkItem('create', 'logs', 'a', { kind: 'created', seqNo: 7 })).toEqual({
      create: {
        _index: 'logs',
        _id: 'a',
        _version: 1,
        result: 'created',
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: 7,
        _primary_term: 1,
        status: 201,
      },
    });
    expect(bulkItem('index', 'logs', 'a', { kind: 'noop' }).index).toMatchObject({ result: 'noop', status: 200 });
    expect(bulkItem('create', 'logs', 'a', itemErrors.versionConflict('a'))).toEqual({
      create: {
        _index: 'logs',
        _id: 'a',
        status: 409,
        error: {
          type: 'version_conflict_engine_exception',
          reason: '[a]: version conflict, document already exists (current version [1])',
          shard: '0',
          index: 'logs',
        },
      },
    });
  });

  it('item errors carry the status and type a client retries or drops by', () => {
    const statusType = (r: ReturnType<typeof itemErrors.rejected>) =>
      r.kind === 'error' ? [r.status, r.error.type] : undefined;
    expect(statusType(itemErrors.rejected('busy'))).toEqual([429, 'es_rejected_execution_exception']);
    expect(statusType(itemErrors.mapperParsing('x'))).toEqual([400, 'mapper_parsing_exception']);
    expect(statusType(itemErrors.documentParsing('x'))).toEqual([400, 'document_parsing_exception']);
    expect(statusType(itemErrors.illegalArgument('x'))).toEqual([400, 'illegal_argument_exception']);
  });
});
