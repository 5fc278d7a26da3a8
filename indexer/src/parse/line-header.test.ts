import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { parseHeader, splitStackTrace } from './line-header.ts';

function header(rest: string, shape?: string): { message: string; doc: LogDocument } {
  const doc: LogDocument = {};
  return { message: parseHeader(rest, doc, shape), doc };
}

describe('parseHeader (what follows a time stamp)', () => {
  it('level, [thread] and logger before " - "', () => {
    expect(header('INFO [main] com.example.App - started')).toEqual({
      message: 'started',
      doc: { log: { level: 'info', logger: 'com.example.App' }, process: { thread: { name: 'main' } } },
    });
    expect(header('ERROR something broke')).toEqual({ message: 'something broke', doc: { log: { level: 'error' } } });
    expect(header('plain message here')).toEqual({ message: 'plain message here', doc: {} });
  });

  it('Apache 2.4 [module:level] [pid:tid] [client ip:port]', () => {
    expect(header('[core:error] [pid 1234:tid 5678] [client 1.2.3.4:80] File does not exist')).toEqual({
      message: 'File does not exist',
      doc: {
        log: { logger: 'core', level: 'error' },
        process: { pid: 1234, thread: { id: 5678 } },
        source: { ip: '1.2.3.4', address: '1.2.3.4', port: 80 },
      },
    });
  });

  it('|component|pid|message and Android logcat', () => {
    expect(header('|Step_LSC|30002312|onStandStepChanged 3579')).toEqual({
      message: 'onStandStepChanged 3579',
      doc: { log: { logger: 'Step_LSC' }, process: { pid: 30002312 } },
    });
    expect(header(' 1234  5678 E ActivityManager: ANR in com.x', 'logcat')).toEqual({
      message: 'ANR in com.x',
      doc: { process: { pid: 1234, thread: { id: 5678 } }, log: { level: 'error', logger: 'ActivityManager' } },
    });
  });
});

describe('splitStackTrace', () => {
  it('moves the frames to error.stack_trace', () => {
    const doc: LogDocument = {};
    expect(splitStackTrace('boom\n\tat a.b(C.java:1)\n\tat d', doc)).toBe('boom');
    expect(doc).toEqual({ error: { stack_trace: '\tat a.b(C.java:1)\n\tat d' } });
  });
});
