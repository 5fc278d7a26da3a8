/**
 * `driftwood apikeys create|list|revoke` — API keys for shippers and scripts, as Elasticsearch
 * has them: `Authorization: ApiKey base64(id:key)`, or `api_key: id:key` in Filebeat and Logstash.
 * The key is printed once, when it is created; only its hash is stored.
 */
import { DriftwoodError } from '@driftwood/core';
import { list, onePositional, runSecurityCommand, type Subcommand, table } from './security-command.ts';

export const USAGE = `usage: driftwood apikeys create --name NAME --role R [--role R2] [--expires 30d|12h|90m|2w|ISO-8601]
       driftwood apikeys list [--json]
       driftwood apikeys revoke ID
  The key is shown once. Use it as the header \`Authorization: ApiKey <encoded>\`,
  or in Filebeat / Logstash as \`api_key: "<id>:<key>"\`.
`;

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12h`, `90m`, `2w` from now, or an ISO 8601 time; epoch ms. */
export function parseExpiry(text: string, now: number): number {
  const relative = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (relative) return now + Number(relative[1]) * (UNITS[relative[2] as string] as number);
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `--expires takes a duration like 30d, 12h, 90m or 2w, or an ISO 8601 time; got "${text}"`,
    );
  }
  if (at <= now) throw new DriftwoodError('INPUT_INVALID', `--expires ${text} is in the past`);
  return at;
}

const via = { via: 'cli' };

const subcommands: Record<string, Subcommand> = {
  create: {
    options: { name: { type: 'string' }, role: { type: 'string', multiple: true }, expires: { type: 'string' } },
    async run(security, values, positionals) {
      if (positionals.length > 0) throw new DriftwoodError('INPUT_INVALID', `unexpected argument "${positionals[0]}"`);
      if (typeof values.name !== 'string') throw new DriftwoodError('INPUT_INVALID', 'give the key a --name');
      const expiresAt = typeof values.expires === 'string' ? parseExpiry(values.expires, Date.now()) : undefined;
      const key = await security.createApiKey(
        { name: values.name, roles: list(values, 'role'), ...(expiresAt !== undefined ? { expiresAt } : {}) },
        via,
      );
      process.stdout.write(
        [
          `API key "${key.name}" created, roles ${list(values, 'role').join(', ')}, ${key.expiresAt !== undefined ? `expires ${new Date(key.expiresAt).toISOString()}` : 'no expiry'}.`,
          'The key is shown only now; keep it somewhere safe.',
          `  id:       ${key.id}`,
          `  key:      ${key.key}`,
          `  encoded:  ${key.encoded}`,
          'Use it as:',
          `  HTTP:                 Authorization: ApiKey ${key.encoded}`,
          `  Filebeat / Logstash:  api_key: "${key.id}:${key.key}"`,
          `  Elasticsearch client: auth: { apiKey: '${key.encoded}' }`,
          '',
        ].join('\n'),
      );
      return 0;
    },
  },
  list: {
    options: { json: { type: 'boolean', default: false } },
    readOnly: true,
    async run(security, values) {
      const keys = await security.listApiKeys();
      if (values.json) {
        for (const k of keys) process.stdout.write(`${JSON.stringify(k)}\n`);
        return 0;
      }
      const now = Date.now();
      const state = (k: (typeof keys)[number]) =>
        k.revoked ? 'revoked' : k.expiresAt !== undefined && k.expiresAt <= now ? 'expired' : 'active';
      process.stdout.write(
        table([
          ['ID', 'NAME', 'ROLES', 'STATE', 'CREATED', 'EXPIRES'],
          ...keys.map((k) => [
            k.id,
            k.name,
            k.roles.join(','),
            state(k),
            k.createdAt,
            k.expiresAt !== undefined ? new Date(k.expiresAt).toISOString() : '-',
          ]),
        ]),
      );
      return 0;
    },
  },
  revoke: {
    options: {},
    async run(security, _values, positionals) {
      const id = onePositional(positionals, 'key id');
      await security.revokeApiKey(id, via);
      process.stdout.write(`API key ${id} revoked\n`);
      return 0;
    },
  },
};

export function run(args: string[]): Promise<number> {
  return runSecurityCommand('apikeys', USAGE, subcommands, args);
}
