import { describe, expect, it } from 'vitest';
import { type BulkRequestError, parseBulk } from './bulk-parser.ts';

const body = (s: string) => Buffer.from(s);

describe('parseBulk', () => {
  it('pairs actions and sources, with or without _id and _index', () => {
    const items = parseBulk(
      body(
        '{"index":{"_index":"a","_id":"1"}}\n{"m":1}\n{"create":{}}\n{"m":2}\n{"delete":{"_index":"a","_id":"1"}}\n',
      ),
      'p',
    );
    expect(items.map((i) => [i.op, i.index, i.id, i.source])).toEqual([
      ['index', 'a', '1', '{"m":1}'],
      ['create', 'p', undefined, '{"m":2}'],
      ['delete', 'a', '1', undefined],
    ]);
  });

  it('tolerates blank lines, CRLF, escaped slashes, no final newline and _type (rsyslog, Fluent Bit)', () => {
    const items = parseBulk(
      body(
        '\n{"index":{"_index":"r","_type":"_doc"}}\r\n{"file":"\\/var\\/log"}\r\n\n  \n{"index":{"_index":"r"}}\n{"x":1}',
      ),
    );
    expect(items).toHaveLength(2);
    expect(JSON.parse(items[0]!.source!)).toEqual({ file: '/var/log' });
    expect(items[1]!.source).toBe('{"x":1}');
    expect(items[0]!.line).toBe(2);
  });

  it('keeps a broken source line for the item to fail alone', () => {
    const items = parseBulk(body('{"index":{"_index":"a"}}\n{broken\n{"index":{"_index":"a"}}\n{"ok":1}\n'));
    expect(items.map((i) => i.source)).toEqual(['{broken', '{"ok":1}']);
  });

  it('fails the whole request for a bad action line, like Elasticsearch', () => {
    const bad = (s: string) => {
      try {
        parseBulk(body(s));
      } catch (e) {
        return [(e as BulkRequestError).type, (e as Error).message];
      }
      return undefined;
    };
    expect(bad('{not json\n{}\n')?.[0]).toBe('x_content_parse_exception');
    expect(bad('"x"\n{}\n')?.[0]).toBe('illegal_argument_exception');
    expect(bad('{"upsert":{}}\n{}\n')?.[1]).toMatch(
      /expected field \[create, delete, index, update\] but found \[upsert\]/,
    );
    expect(bad('{"index":{},"create":{}}\n{}\n')?.[0]).toBe('illegal_argument_exception');
    expect(bad('')?.[1]).toMatch(/no requests added/);
    expect(bad('\n\n')?.[1]).toMatch(/no requests added/);
    expect(bad('{"index":{}}\n')?.[0]).toBe('action_request_validation_exception');
    expect(bad('{"index":{"_id":{}}}\n{}\n')?.[0]).toBe('illegal_argument_exception');
  });

  it('decodes invalid UTF-8 without failing', () => {
    const b = Buffer.concat([body('{"index":{"_index":"a"}}\n{"m":"'), Buffer.from([0xff, 0xfe]), body('"}\n')]);
    expect(parseBulk(b)[0]!.source).toContain('\ufffd');
  });
});
