#!/usr/bin/env node
/** The `driftwood` command: wires subcommands to the modules that implement them. */
import { COMMANDS, type CommandModule, reexecArgs, usage } from './commands.ts';

const [name, ...args] = process.argv.slice(2);

if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(usage());
  process.exit(name === undefined ? 1 : 0);
}
if (name === '--version' || name === '-v') {
  const pkg = await import('../package.json', { with: { type: 'json' } });
  process.stdout.write(`driftwood ${pkg.default.version}\n`);
  process.exit(0);
}

const command = COMMANDS.find((c) => c.name === name);
if (!command) {
  process.stderr.write(`driftwood: unknown command "${name}"\n\n${usage()}`);
  process.exit(2);
}
if (!command.module) {
  process.stderr.write(`driftwood ${name}: not implemented yet (${command.summary}). See the open issues.\n`);
  process.exit(3);
}
const reexec = reexecArgs(command, process.env, process.execArgv);
if (reexec && typeof process.execve === 'function') {
  // Same pid, same stdio: the command runs with its V8 options and environment from the start.
  process.execve(process.execPath, [process.execPath, ...reexec.args, ...process.argv.slice(1)], {
    ...process.env,
    ...reexec.env,
    DRIFTWOOD_V8_OPTIONS_APPLIED: '1',
  });
}
const mod = (await command.module()) as CommandModule & { USAGE?: string };
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(mod.USAGE ?? `usage: driftwood ${command.synopsis}\n  ${command.summary}\n`);
  process.exit(0);
}
// A reader that stops early (`driftwood query … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const code = await mod.run(args);
process.exitCode = code;
