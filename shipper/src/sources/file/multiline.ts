/**
 * Multiline joining (Filebeat semantics). A line is a *continuation* when it matches `pattern`
 * (or does not, with `negate`). `match: after`: continuations join the line before them;
 * `match: before`: they join the line after them. A group is emitted when it is complete, after
 * `timeout_ms` without a new line, or at `max_lines` (flagged `truncated`).
 */
import type { MultilineConfig } from './config.ts';

export interface TextLine {
  start: number;
  end: number;
  text: string;
  flags: string[];
}

export class Multiline {
  readonly #config: MultilineConfig;
  readonly #regex: RegExp;
  #group: TextLine[] = [];
  #lastAt = 0;

  constructor(config: MultilineConfig) {
    this.#config = config;
    this.#regex = new RegExp(config.pattern);
  }

  /** Start offset of the pending group, if any. */
  get pendingStart(): number | undefined {
    return this.#group[0]?.start;
  }

  push(line: TextLine, now = Date.now()): TextLine[] {
    this.#lastAt = now;
    const continuation = this.#regex.test(line.text) !== this.#config.negate;
    const out: TextLine[] = [];
    if (this.#config.match === 'after') {
      if (!continuation && this.#group.length > 0) out.push(this.#take());
      this.#group.push(line);
    } else {
      this.#group.push(line);
      if (!continuation) out.push(this.#take());
    }
    if (this.#group.length >= this.#config.max_lines) {
      const group = this.#take();
      group.flags.push('truncated');
      out.push(group);
    }
    return out;
  }

  /** The pending group when it has waited `timeout_ms` (or always, with `force`). */
  flush(now = Date.now(), force = false): TextLine | undefined {
    if (this.#group.length === 0) return undefined;
    if (!force && now - this.#lastAt < this.#config.timeout_ms) return undefined;
    return this.#take();
  }

  /** Forgets the pending group (its bytes will be read again). */
  discard(): void {
    this.#group = [];
  }

  #take(): TextLine {
    const lines = this.#group;
    this.#group = [];
    const first = lines[0]!;
    if (lines.length === 1) return first;
    const flags = new Set<string>(['multiline']);
    for (const l of lines) for (const f of l.flags) flags.add(f);
    return {
      start: first.start,
      end: lines[lines.length - 1]!.end,
      text: lines.map((l) => l.text).join('\n'),
      flags: [...flags],
    };
  }
}
