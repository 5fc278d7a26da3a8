import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');
const p = getPipeline('auto');
const parse = (line: string) => p.parse(line, { receivedAt });

describe('auto pipeline', () => {
  it.each([
    ['2024-05-01T10:00:00.123Z INFO started', '2024-05-01T10:00:00.123Z', 'info'],
    [
      '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
      '2015-07-29T17:41:44.747Z',
      'info',
    ],
    [
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating',
      '2008-11-09T20:36:15.000Z',
      'info',
    ],
    ['17/06/09 20:10:40 WARN spark.SecurityManager: Changing view acls', '2017-06-09T20:10:40.000Z', 'warn'],
    ['03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs', '2026-03-17T16:13:38.811Z', 'debug'],
    [
      '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy',
      '2026-10-30T16:49:06.000Z',
      undefined,
    ],
    ['20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579', '2017-12-23T22:15:29.606Z', undefined],
    ['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok', '2005-12-04T04:47:44.000Z', 'info'],
    [
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=218.188.2.4',
      '2026-06-14T15:16:01.000Z',
      undefined,
    ],
    [
      'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-1] GET',
      '2017-05-16T00:00:00.008Z',
      'info',
    ],
    ['2024.05.01 10:00:00 ERROR something broke', '2024-05-01T10:00:00.000Z', 'error'],
    ['1700000000 WARNING low disk', '2023-11-14T22:13:20.000Z', 'warn'],
    ['1700000000123 [main] DEBUG x.Y - hi', '2023-11-14T22:13:20.123Z', 'debug'],
    [
      '15-Mar-2024 10:00:00.123 SEVERE [main] org.apache.catalina.startup.Catalina.start failed',
      '2024-03-15T10:00:00.123Z',
      'error',
    ],
    ['Mon Mar 18 10:00:00 2024 crit: kernel panic', '2024-03-18T10:00:00.000Z', 'fatal'],
  ])('%s', (line, ts, level) => {
    const doc = parse(line);
    expect(doc['@timestamp']).toBe(ts);
    expect((doc.log as { level?: string } | undefined)?.level).toBe(level);
    expect(typeof doc.message).toBe('string');
  });

  it('routes structured shapes', () => {
    expect(parse('{"level":"info","msg":"hi","time":"2026-11-25T10:00:00Z"}')).toMatchObject({
      message: 'hi',
      log: { level: 'info' },
      event: { dataset: 'app' },
    });
    expect(parse('level=warn msg="slow" ts=2026-11-25T10:00:00Z')).toMatchObject({
      message: 'slow',
      log: { level: 'warn' },
      '@timestamp': '2026-11-25T10:00:00.000Z',
    });
    expect(parse('<34>1 2026-11-25T10:00:00Z h app 1 - - x')).toMatchObject({
      event: { dataset: 'syslog' },
      message: 'x',
    });
    expect(parse('1.2.3.4 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.0"')).toMatchObject({
      event: { dataset: 'http.access' },
      user_agent: { name: 'curl' },
    });
    expect(parse('2026/11/25 10:00:01 [warn] 1#0: upstream slow')).toMatchObject({
      event: { dataset: 'nginx.error' },
      log: { level: 'warn' },
    });
    expect(
      parse('Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2'),
    ).toMatchObject({
      event: { dataset: 'system.auth', outcome: 'success' },
      '@timestamp': '2025-12-10T09:32:20.000Z',
    });
    expect(parse('2026-11-25T10:00:00Z level=info msg=ok n=1')).toMatchObject({
      message: 'ok',
      n: 1,
      '@timestamp': '2026-11-25T10:00:00.000Z',
    });
  });

  it('records inference and keeps unmatched lines', () => {
    expect(parse('Jun 14 15:16:01 host app: x')).toMatchObject({
      tags: ['_timestamp_year_inferred'],
      event: { timezone: 'UTC' },
    });
    expect(parse('hello world')).toMatchObject({
      message: 'hello world',
      tags: ['_grokparsefailure'],
      '@timestamp': '2026-11-25T12:00:00.000Z',
    });
  });

  it('uses a configured zone for zone-less stamps', () => {
    expect(
      getPipeline('auto', { timezone: 'Asia/Tokyo' }).parse('2026-01-01 09:00:00 INFO x', { receivedAt }),
    ).toMatchObject({
      '@timestamp': '2026-01-01T00:00:00.000Z',
      event: { timezone: 'Asia/Tokyo' },
    });
  });
});
