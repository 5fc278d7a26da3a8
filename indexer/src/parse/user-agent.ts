/**
 * user_agent: the parse Elasticsearch's `user_agent` processor gives, from the same regexes —
 * `uap-core`'s `regexes.yaml` (loaded once, on first use) — and the same rules
 * (ES `UserAgentParser`): the first matching `user_agent_parsers` / `os_parsers` /
 * `device_parsers` entry wins; groups 1–5 are name, major, minor, patch, build unless the entry
 * has a `*_replacement`; `version` joins major.minor.patch.build up to the first missing part.
 * Two places where we follow uap-core's specification rather than ES's code, because ES's gives
 * text no one wants: every `$1`…`$9` of a replacement is filled (ES fills only `$1` in names and
 * none in versions, so it writes `Windows $1` for Windows 98 and would write `$2` for the
 * devices newer uap-core names that way), and an empty group is absent (ES writes `125.0.`). Output: `user_agent.name` (`Other` when nothing matched),
 * `.version`, `.os.name`, `.os.version`, `.os.full` (`<name> <version>`), `.device.name`
 * (`Other` when nothing matched) — the brand/model fields ES does not write are not written.
 * The header is attacker-controlled: only its first MAX_UA_CHARS characters are matched, which
 * bounds the backtracking of uap's regexes. Results are memoised (bounded): agents repeat.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getField, type LogDocument, setField } from '@driftwood/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import type { Processor, ProcessorComponent } from './types.ts';

export interface UserAgentInfo {
  name: string;
  version?: string;
  os?: { name: string; version?: string; full?: string };
  device: { name: string };
}

/** Characters of a User-Agent header that are matched (the rest is ignored). */
export const MAX_UA_CHARS = 512;

interface Rule {
  re: RegExp;
  name?: string;
  v1?: string;
  v2?: string;
  v3?: string;
  v4?: string;
}

interface VersionedName {
  name: string;
  major?: string;
  minor?: string;
  patch?: string;
  build?: string;
}

type Entry = Record<string, string | undefined>;

let rules: { ua: Rule[]; os: Rule[]; device: Rule[] } | undefined;

/**
 * uap-core's regexes compile as JavaScript unchanged (checked by the test for every entry);
 * `regex_flag: 'i'` is the only flag used and becomes JS's `i`.
 */
function load(): NonNullable<typeof rules> {
  if (rules) return rules;
  const file = createRequire(import.meta.url).resolve('uap-core/regexes.yaml');
  const doc = parseYaml(readFileSync(file, 'utf8')) as Record<string, Entry[]>;
  const compile = (entries: Entry[] | undefined, keys: [string, string, string, string, string]): Rule[] =>
    (entries ?? []).map((e) => {
      const rule: Rule = { re: new RegExp(e.regex as string, e.regex_flag === 'i' ? 'i' : '') };
      const [name, v1, v2, v3, v4] = keys.map((k) => e[k]);
      if (name !== undefined) rule.name = name;
      if (v1 !== undefined) rule.v1 = v1;
      if (v2 !== undefined) rule.v2 = v2;
      if (v3 !== undefined) rule.v3 = v3;
      if (v4 !== undefined) rule.v4 = v4;
      return rule;
    });
  rules = {
    ua: compile(doc.user_agent_parsers, [
      'family_replacement',
      'v1_replacement',
      'v2_replacement',
      'v3_replacement',
      'v4_replacement',
    ]),
    os: compile(doc.os_parsers, [
      'os_replacement',
      'os_v1_replacement',
      'os_v2_replacement',
      'os_v3_replacement',
      'os_v4_replacement',
    ]),
    device: compile(doc.device_parsers, ['device_replacement', '', '', '', '']),
  };
  return rules;
}

/** How many regexes of each kind were loaded (for tests and diagnostics). */
export function ruleCounts(): { ua: number; os: number; device: number } {
  const r = load();
  return { ua: r.ua.length, os: r.os.length, device: r.device.length };
}

/** `$1`…`$9` of a replacement filled from the match (a group that took no part is empty); trimmed. */
function fill(replacement: string, m: RegExpExecArray): string {
  return replacement.replace(/\$([1-9])/g, (_, n: string) => m[Number(n)] ?? '').trim();
}

function match(rule: Rule, text: string): VersionedName | undefined {
  const m = rule.re.exec(text);
  if (m === null) return undefined;
  // A replacement wins over its group; an empty value counts as absent (so no `125.0.`).
  const part = (replacement: string | undefined, n: number): string | undefined => {
    const value = replacement !== undefined ? fill(replacement, m) : m[n];
    return value === undefined || value === '' ? undefined : value;
  };
  const name = part(rule.name, 1);
  if (name === undefined) return undefined;
  const out: VersionedName = { name };
  const major = part(rule.v1, 2);
  const minor = part(rule.v2, 3);
  const patch = part(rule.v3, 4);
  const build = part(rule.v4, 5);
  if (major !== undefined) out.major = major;
  if (minor !== undefined) out.minor = minor;
  if (patch !== undefined) out.patch = patch;
  if (build !== undefined) out.build = build;
  return out;
}

function first(list: Rule[], text: string): VersionedName | undefined {
  for (const rule of list) {
    const found = match(rule, text);
    if (found !== undefined) return found;
  }
  return undefined;
}

function version(v: VersionedName): string | undefined {
  if (v.major === undefined) return undefined;
  let out = v.major;
  if (v.minor === undefined) return out;
  out += `.${v.minor}`;
  if (v.patch === undefined) return out;
  out += `.${v.patch}`;
  return v.build === undefined ? out : `${out}.${v.build}`;
}

/** Parse a User-Agent header (pure; not memoised). */
export function parseUserAgent(ua: string): UserAgentInfo {
  const r = load();
  const text = ua.length > MAX_UA_CHARS ? ua.slice(0, MAX_UA_CHARS) : ua;
  const agent = first(r.ua, text);
  const os = first(r.os, text);
  const device = first(r.device, text);
  const info: UserAgentInfo = { name: agent?.name ?? 'Other', device: { name: device?.name ?? 'Other' } };
  const v = agent && version(agent);
  if (v !== undefined) info.version = v;
  if (os !== undefined) {
    const osVersion = version(os);
    info.os =
      osVersion === undefined
        ? { name: os.name }
        : { name: os.name, version: osVersion, full: `${os.name} ${osVersion}` };
  }
  return info;
}

const CACHE_MAX = 4096;
const cache = new Map<string, UserAgentInfo>();

/** Memoised parse (bounded cache; cleared when full). Callers must not mutate the result. */
export function lookupUserAgent(ua: string): UserAgentInfo {
  const key = ua.length > MAX_UA_CHARS ? ua.slice(0, MAX_UA_CHARS) : ua;
  let info = cache.get(key);
  if (info === undefined) {
    info = parseUserAgent(key);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, info);
  }
  return info;
}

/** Write `<target>.name`, `.version`, `.os.*`, `.device.name`. */
export function applyUserAgent(doc: LogDocument, ua: string, target = 'user_agent'): void {
  const info = lookupUserAgent(ua);
  setField(doc, `${target}.name`, info.name);
  if (info.version !== undefined) setField(doc, `${target}.version`, info.version);
  if (info.os !== undefined) {
    setField(doc, `${target}.os.name`, info.os.name);
    if (info.os.version !== undefined) setField(doc, `${target}.os.version`, info.os.version);
    if (info.os.full !== undefined) setField(doc, `${target}.os.full`, info.os.full);
  }
  setField(doc, `${target}.device.name`, info.device.name);
}

export const type = 'user_agent';

export const configSchema = z
  .object({
    field: z.string().default('user_agent.original'),
    target: z.string().default('user_agent'),
    ignore_missing: ignoreMissing,
    if: ifField,
  })
  .strict();

export type UserAgentConfig = z.infer<typeof configSchema>;

export function build(config: UserAgentConfig): Processor {
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (typeof value === 'string' && value !== '' && value !== '-') applyUserAgent(doc, value, config.target);
    return true;
  };
}

export const userAgent: ProcessorComponent<UserAgentConfig> = { type, configSchema, build };
