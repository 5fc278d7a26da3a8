/** Syslog (RFC 5424) names and how their severities map to `log.level` — shared by the shipper's syslog input and the indexer's syslog parser. */

/** Syslog severities, RFC 5424 order (code = index). */
export const SYSLOG_SEVERITIES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'informational',
  'debug',
] as const;

/** Syslog facilities, RFC 5424 order (code = index). */
export const SYSLOG_FACILITIES = [
  'kernel',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

const SEVERITY_LEVEL = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'] as const;

/** `log.level` for a syslog severity code (emergency, alert and critical are `fatal`). */
export function severityLevel(code: number): string {
  return SEVERITY_LEVEL[code] ?? 'info';
}
