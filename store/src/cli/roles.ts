/**
 * `driftwood roles list|put|remove` — built-in roles (viewer, editor, admin, ingest) and custom
 * ones, which may carry a KQL filter ANDed into everything their users read.
 */
import { PRIVILEGES, type Privilege } from '@driftwood/core';
import { list, onePositional, runSecurityCommand, type Subcommand, table } from './security-command.ts';

export const USAGE = `usage: driftwood roles list [--json]
       driftwood roles put NAME --privilege read [--privilege write] [--filter KQL] [--description TEXT]
       driftwood roles remove NAME
  Privileges: ${PRIVILEGES.join(', ')}. --filter limits what the role's users read, e.g.
  --filter 'event.dataset:iot* and site:zurich'. Built-in roles cannot be changed.
`;

const via = { via: 'cli' };

const subcommands: Record<string, Subcommand> = {
  list: {
    options: { json: { type: 'boolean', default: false } },
    readOnly: true,
    async run(security, values) {
      const roles = await security.listRoles();
      if (values.json) {
        for (const r of roles) process.stdout.write(`${JSON.stringify(r)}\n`);
        return 0;
      }
      process.stdout.write(
        table([
          ['ROLE', 'PRIVILEGES', 'FILTER'],
          ...roles.map((r) => [
            `${r.name}${r.builtin ? ' (built-in)' : ''}`,
            r.privileges.join(','),
            r.filter ?? (r.description ? `(all) ${r.description}` : '(all)'),
          ]),
        ]),
      );
      return 0;
    },
  },
  put: {
    options: {
      privilege: { type: 'string', multiple: true },
      filter: { type: 'string' },
      description: { type: 'string' },
    },
    async run(security, values, positionals) {
      const name = onePositional(positionals, 'role name');
      const role = await security.putRole(
        {
          name,
          privileges: list(values, 'privilege') as Privilege[],
          ...(typeof values.filter === 'string' ? { filter: values.filter } : {}),
          ...(typeof values.description === 'string' ? { description: values.description } : {}),
        },
        via,
      );
      process.stdout.write(
        `role ${role.name} saved (privileges: ${role.privileges.join(', ')}${role.filter ? `; filter: ${role.filter}` : ''})\n`,
      );
      return 0;
    },
  },
  remove: {
    options: {},
    async run(security, _values, positionals) {
      const name = onePositional(positionals, 'role name');
      await security.deleteRole(name, via);
      process.stdout.write(`role ${name} removed\n`);
      return 0;
    },
  },
};

export function run(args: string[]): Promise<number> {
  return runSecurityCommand('roles', USAGE, subcommands, args);
}
