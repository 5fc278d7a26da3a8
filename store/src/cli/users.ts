/**
 * `driftwood users add|passwd|roles|remove|list` — the users who log in to the UI or use HTTP Basic.
 * A password is never an argument: it is typed twice on a terminal, or read from stdin
 * (`--password-stdin`, or any pipe), first line only.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DriftwoodError } from '@driftwood/core';
import { INITIAL_ADMIN_FILE, INITIAL_ADMIN_USER, USERNAME_PATTERN } from '../security/service.ts';
import { readNewPassword } from './secret-input.ts';
import { list, onePositional, runSecurityCommand, type Subcommand, table } from './security-command.ts';

export const USAGE = `usage: driftwood users add NAME --role R [--role R2] [--password-stdin]
       driftwood users passwd NAME [--password-stdin]
       driftwood users roles NAME --role R [--role R2]
       driftwood users remove NAME
       driftwood users list [--json]
  Built-in roles: viewer, editor, admin, ingest (see \`driftwood roles list\`).
  Store selection as for \`driftwood query\`: --store, --data, --url or the environment.
`;

const via = { via: 'cli' };

const subcommands: Record<string, Subcommand> = {
  add: {
    options: { role: { type: 'string', multiple: true }, 'password-stdin': { type: 'boolean', default: false } },
    async run(security, values, positionals) {
      const username = onePositional(positionals, 'user name');
      const roles = list(values, 'role');
      // checked before asking for a password
      if (!USERNAME_PATTERN.test(username)) {
        throw new DriftwoodError('INPUT_INVALID', 'a user name is 1–64 characters of A-Z a-z 0-9 . _ @ -');
      }
      if (roles.length === 0) throw new DriftwoodError('INPUT_INVALID', 'give at least one --role');
      const password = await readNewPassword({
        fromStdin: values['password-stdin'] === true,
        what: `Password for ${username}`,
      });
      const user = await security.addUser({ username, password, roles }, via);
      process.stdout.write(`user ${user.username} added (roles: ${user.roles.join(', ')})\n`);
      return 0;
    },
  },
  passwd: {
    options: { 'password-stdin': { type: 'boolean', default: false } },
    async run(security, values, positionals, selection) {
      const username = onePositional(positionals, 'user name');
      const password = await readNewPassword({
        fromStdin: values['password-stdin'] === true,
        what: `New password for ${username}`,
      });
      await security.setPassword(username, password, via);
      process.stdout.write(`password of ${username} changed; their sessions end within 5 s\n`);
      // the first run's generated password is no longer it
      const initial = path.join(selection.dataDir, INITIAL_ADMIN_FILE);
      if (username === INITIAL_ADMIN_USER && existsSync(initial)) {
        rmSync(initial, { force: true });
        process.stdout.write(`removed ${initial}\n`);
      }
      return 0;
    },
  },
  roles: {
    options: { role: { type: 'string', multiple: true } },
    async run(security, values, positionals) {
      const username = onePositional(positionals, 'user name');
      const user = await security.setRoles(username, list(values, 'role'), via);
      process.stdout.write(`user ${user.username} now has roles: ${user.roles.join(', ')}\n`);
      return 0;
    },
  },
  remove: {
    options: {},
    async run(security, _values, positionals) {
      const username = onePositional(positionals, 'user name');
      await security.removeUser(username, via);
      process.stdout.write(`user ${username} removed; their sessions end within 5 s\n`);
      return 0;
    },
  },
  list: {
    options: { json: { type: 'boolean', default: false } },
    readOnly: true,
    async run(security, values) {
      const users = await security.listUsers();
      if (values.json) {
        for (const u of users) process.stdout.write(`${JSON.stringify(u)}\n`);
        return 0;
      }
      process.stdout.write(
        table([['USER', 'ROLES', 'CREATED'], ...users.map((u) => [u.username, u.roles.join(','), u.createdAt])]),
      );
      return 0;
    },
  },
};

export function run(args: string[]): Promise<number> {
  return runSecurityCommand('users', USAGE, subcommands, args);
}
