#!/usr/bin/env node
/** The `driftwood` command: wires subcommands to the modules that implement them. */
import { type CommandModule, dispatch, reexecArgs } from './commands.ts';

const [name, ...args] = process.argv.slice(2);

if (name === '--version' || name === '-v') {
  const pkg = await import('../package.json', { with: { type: 'json' } });
  process.stdout.write(`driftwood ${pkg.default.version}\n`);
  process.exit(0);
}
const found = dispatch(name);
if ('exit' in found) {
  if (found.stdout) process.stdout.write(found.stdout);
  if (found.stderr) process.stderr.write(found.stderr);
  process.exit(found.exit);
}
const { command } = found;
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
