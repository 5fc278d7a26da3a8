/**
 * user_agent: a small own parser for the agents seen in access logs — major browsers (desktop
 * and mobile), OSes, well-known bots and HTTP tools (curl, wget, python-requests…) →
 * `user_agent.name`, `.version`, `.os.name`, `.os.version`, `.os.full`, `.device.name`.
 * Results are memoised (bounded) because agents repeat heavily in real traffic.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import type { Processor, ProcessorComponent } from './types.ts';

export interface UserAgentInfo {
  name: string;
  version?: string;
  os?: { name: string; version?: string; full?: string };
  device: { name: string };
}

const BOTS: [RegExp, string][] = [
  [/Googlebot(?:-\w+)?\/([\d.]+)/, 'Googlebot'],
  [/bingbot\/([\d.]+)/, 'Bingbot'],
  [/YandexBot\/([\d.]+)/, 'YandexBot'],
  [/DuckDuckBot(?:-\w+)?\/([\d.]+)/, 'DuckDuckBot'],
  [/Baiduspider(?:-\w+)?\/([\d.]+)/, 'Baiduspider'],
  [/facebookexternalhit\/([\d.]+)/, 'FacebookBot'],
  [/Twitterbot\/([\d.]+)/, 'Twitterbot'],
  [/Slackbot(?:-LinkExpanding)?[ /]([\d.]+)/, 'Slackbot'],
  [/AhrefsBot\/([\d.]+)/, 'AhrefsBot'],
  [/SemrushBot\/([\d.~a-z]+)/, 'SemrushBot'],
  [/GPTBot\/([\d.]+)/, 'GPTBot'],
  [/Applebot\/([\d.]+)/, 'Applebot'],
];

const TOOLS: [RegExp, string][] = [
  [/^curl\/([\w.-]+)/, 'curl'],
  [/^Wget\/([\w.-]+)/, 'Wget'],
  [/^python-requests\/([\w.-]+)/, 'Python Requests'],
  [/^Python-urllib\/([\w.-]+)/, 'Python-urllib'],
  [/^Go-http-client\/([\w.-]+)/, 'Go-http-client'],
  [/^okhttp\/([\w.-]+)/, 'okhttp'],
  [/^PostmanRuntime\/([\w.-]+)/, 'PostmanRuntime'],
  [/^Apache-HttpClient\/([\w.-]+)/, 'Apache-HttpClient'],
  [/^axios\/([\w.-]+)/, 'axios'],
  [/^node-fetch\/([\w.-]+)/, 'node-fetch'],
  [/^Java\/([\w.-]+)/, 'Java'],
  [/^libwww-perl\/([\w.-]+)/, 'libwww-perl'],
  [/^Prometheus\/([\w.-]+)/, 'Prometheus'],
  [/^kube-probe\/([\w.-]+)/, 'kube-probe'],
  [/^ELB-HealthChecker\/([\w.-]+)/, 'ELB-HealthChecker'],
];

const BROWSERS: [RegExp, string, string?][] = [
  [/EdgiOS\/([\d.]+)/, 'Edge Mobile'],
  [/EdgA\/([\d.]+)/, 'Edge Mobile'],
  [/Edge?\/([\d.]+)/, 'Edge'],
  [/OPR\/([\d.]+)/, 'Opera'],
  [/Opera\/.*Version\/([\d.]+)/, 'Opera'],
  [/SamsungBrowser\/([\d.]+)/, 'Samsung Internet'],
  [/YaBrowser\/([\d.]+)/, 'Yandex Browser'],
  [/Vivaldi\/([\d.]+)/, 'Vivaldi'],
  [/FxiOS\/([\d.]+)/, 'Firefox iOS'],
  [/Firefox\/([\d.]+)/, 'Firefox', 'Firefox Mobile'],
  [/CriOS\/([\d.]+)/, 'Chrome Mobile iOS'],
  [/; wv\).*Chrome\/([\d.]+)/, 'Chrome Mobile WebView'],
  [/Chrome\/([\d.]+)/, 'Chrome', 'Chrome Mobile'],
  [/Version\/([\d.]+).*Mobile.*Safari\//, 'Mobile Safari'],
  [/Version\/([\d.]+).*Safari\//, 'Safari'],
  [/(?:iPhone|iPad).*AppleWebKit/, 'Mobile Safari UI/WKWebView'],
  [/MSIE ([\d.]+)/, 'IE'],
  [/Trident\/.*rv:([\d.]+)/, 'IE'],
];

const WINDOWS: Record<string, string> = {
  '10.0': '10',
  '6.3': '8.1',
  '6.2': '8',
  '6.1': '7',
  '6.0': 'Vista',
  '5.1': 'XP',
  '5.2': 'XP',
};

function detectOs(ua: string): UserAgentInfo['os'] {
  let m = /Windows NT ([\d.]+)/.exec(ua);
  if (m !== null) {
    const v = WINDOWS[m[1] as string] ?? (m[1] as string);
    return { name: 'Windows', version: v, full: `Windows ${v}` };
  }
  m = /(?:iPhone|CPU) OS (\d+(?:_\d+)*)/.exec(ua) ?? /iPad.*OS (\d+(?:_\d+)*)/.exec(ua);
  if (m !== null) {
    const v = (m[1] as string).replace(/_/g, '.');
    return { name: 'iOS', version: v, full: `iOS ${v}` };
  }
  m = /Android[ /]?([\d.]+)?/.exec(ua);
  if (m !== null)
    return m[1] === undefined ? { name: 'Android' } : { name: 'Android', version: m[1], full: `Android ${m[1]}` };
  m = /Mac OS X (\d+(?:[_.]\d+)*)/.exec(ua);
  if (m !== null) {
    const v = (m[1] as string).replace(/_/g, '.');
    return { name: 'Mac OS X', version: v, full: `Mac OS X ${v}` };
  }
  if (/Macintosh/.test(ua)) return { name: 'Mac OS X' };
  m = /CrOS \S+ ([\d.]+)/.exec(ua);
  if (m !== null) return { name: 'Chrome OS', version: m[1] as string, full: `Chrome OS ${m[1] as string}` };
  if (/Ubuntu/.test(ua)) return { name: 'Ubuntu' };
  if (/Fedora/.test(ua)) return { name: 'Fedora' };
  if (/FreeBSD/.test(ua)) return { name: 'FreeBSD' };
  if (/Linux/.test(ua)) return { name: 'Linux' };
  return undefined;
}

function detectDevice(ua: string): string {
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/iPod/.test(ua)) return 'iPod';
  const android = /Android[^;)]*; (?:[a-z]{2}[-_][a-zA-Z]{2}; )?([^;)]+?)(?: Build\/[^;)]*)?\)/.exec(ua);
  if (android !== null) {
    const model = (android[1] as string).trim();
    if (model !== '' && model !== 'K' && !/^wv$/.test(model)) return /^SM-/.test(model) ? `Samsung ${model}` : model;
    return 'Generic Smartphone';
  }
  if (/Macintosh/.test(ua)) return 'Mac';
  return 'Other';
}

/** Parse a User-Agent header (pure; not memoised). */
export function parseUserAgent(ua: string): UserAgentInfo {
  const text = ua.length > 1024 ? ua.slice(0, 1024) : ua;
  for (const [re, name] of BOTS) {
    const m = re.exec(text);
    if (m !== null) return { name, version: m[1] as string, device: { name: 'Spider' } };
  }
  for (const [re, name] of TOOLS) {
    const m = re.exec(text);
    if (m !== null) {
      const os = detectOs(text);
      return os === undefined
        ? { name, version: m[1] as string, device: { name: 'Other' } }
        : { name, version: m[1] as string, os, device: { name: 'Other' } };
    }
  }
  if (/bot\b|crawler|spider|crawl|slurp/i.test(text)) {
    const m = /([A-Za-z][\w-]*(?:bot|crawler|spider))\/?([\d.]*)/i.exec(text);
    return m === null
      ? { name: 'Other', device: { name: 'Spider' } }
      : { name: m[1] as string, ...(m[2] ? { version: m[2] } : {}), device: { name: 'Spider' } };
  }
  const os = detectOs(text);
  const device = detectDevice(text);
  const mobile = /Mobile|Android/.test(text);
  for (const [re, name, mobileName] of BROWSERS) {
    const m = re.exec(text);
    if (m !== null) {
      const info: UserAgentInfo = {
        name: mobile && mobileName !== undefined ? mobileName : name,
        device: { name: device },
      };
      if (m[1] !== undefined) info.version = m[1];
      if (os !== undefined) info.os = os;
      return info;
    }
  }
  return os === undefined
    ? { name: 'Other', device: { name: device } }
    : { name: 'Other', os, device: { name: device } };
}

const CACHE_MAX = 4096;
const cache = new Map<string, UserAgentInfo>();

/** Memoised parse (bounded cache; cleared when full). Callers must not mutate the result. */
export function lookupUserAgent(ua: string): UserAgentInfo {
  let info = cache.get(ua);
  if (info === undefined) {
    info = parseUserAgent(ua);
    if (cache.size >= CACHE_MAX) cache.clear();
    if (ua.length <= 1024) cache.set(ua, info);
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
