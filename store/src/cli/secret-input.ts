/**
 * Reading a password for the CLI without ever taking it as an argument: from a terminal, typed
 * twice without echo; otherwise (a pipe, or `--password-stdin`) the first line of stdin.
 */
import { DriftwoodError } from '@driftwood/core';

const MAX_INPUT = 64 * 1024;

export async function readSecretLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    const newline = text.indexOf('\n');
    if (newline >= 0) return text.slice(0, newline).replace(/\r$/, '');
    if (text.length > MAX_INPUT) throw new DriftwoodError('INPUT_INVALID', 'the password on stdin is too long');
  }
  return text.replace(/\r$/, '');
}

/** One line typed on the terminal with the echo off (Ctrl-C aborts). */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') {
          return done(new DriftwoodError('INPUT_INVALID', 'cancelled'));
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The new password: `--password-stdin` or a pipe reads stdin; a terminal asks twice. */
export async function readNewPassword(options: { fromStdin: boolean; what: string }): Promise<string> {
  if (options.fromStdin || !process.stdin.isTTY) {
    const line = await readSecretLine(process.stdin);
    if (line === '' && !options.fromStdin) {
      throw new DriftwoodError(
        'INPUT_INVALID',
        'no password given: run this on a terminal to be asked, or pipe it in with --password-stdin',
      );
    }
    return line;
  }
  const first = await promptHidden(`${options.what}: `);
  const second = await promptHidden(`${options.what} (again): `);
  if (first !== second) throw new DriftwoodError('INPUT_INVALID', 'the two passwords differ');
  return first;
}
