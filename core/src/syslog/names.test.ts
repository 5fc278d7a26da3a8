import { describe, expect, it } from 'vitest';
import { SYSLOG_FACILITIES, SYSLOG_SEVERITIES, severityLevel } from './names.ts';

describe('syslog names', () => {
  it('lists severities and facilities in RFC 5424 code order', () => {
    expect(SYSLOG_SEVERITIES).toHaveLength(8);
    expect(SYSLOG_SEVERITIES[0]).toBe('emergency');
    expect(SYSLOG_SEVERITIES[3]).toBe('error');
    expect(SYSLOG_SEVERITIES[7]).toBe('debug');
    expect(SYSLOG_FACILITIES).toHaveLength(24);
    expect(SYSLOG_FACILITIES[0]).toBe('kernel');
    expect(SYSLOG_FACILITIES[4]).toBe('auth');
    expect(SYSLOG_FACILITIES[10]).toBe('authpriv');
    expect(SYSLOG_FACILITIES[16]).toBe('local0');
    expect(SYSLOG_FACILITIES[23]).toBe('local7');
  });

  it('maps each severity code to a log.level', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(severityLevel)).toEqual([
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
    ]);
  });

  it('answers info for a code out of range', () => {
    expect(severityLevel(8)).toBe('info');
    expect(severityLevel(-1)).toBe('info');
    expect(severityLevel(Number.NaN)).toBe('info');
  });
});
