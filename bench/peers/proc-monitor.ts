/**
 * Samples a process from /proc every `intervalMs`: peak resident memory (VmHWM, kept by the
 * kernel; VmRSS as a fallback) and CPU time (utime + stime of all its threads, /proc/PID/stat).
 * `sample()` reads once more on demand, e.g. at the moment the last document arrived.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface ProcSample {
  /** Peak resident set, bytes. */
  peakRss: number;
  /** CPU time (user + system), ms. */
  cpuMs: number;
}

function read(pid: number): ProcSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { peakRss: Math.max(kb('VmHWM'), kb('VmRSS')) * 1024, cpuMs: (ticks * 1000) / clockTicks() };
  } catch {
    return undefined;
  }
}

export class ProcMonitor {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  #last: ProcSample = { peakRss: 0, cpuMs: 0 };

  constructor(pid: number, intervalMs = 100) {
    this.#pid = pid;
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  /** Reads now (the process may have exited: then the last reading stands). */
  sample(): ProcSample {
    const s = read(this.#pid);
    if (s)
      this.#last = { peakRss: Math.max(this.#last.peakRss, s.peakRss), cpuMs: Math.max(this.#last.cpuMs, s.cpuMs) };
    return this.#last;
  }

  stop(): ProcSample {
    clearInterval(this.#timer);
    return this.#last;
  }
}

/** Machine-wide busy CPU time so far (all cores, user + system + irq…, not idle or iowait), ms. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicks();
  } catch {
    return Number.NaN;
  }
}
