/**
 * Real User-Agent strings and what Elasticsearch's `user_agent` processor answers for each
 * (`es`: recorded from the processor of the OpenSearch fork, the same code and the uap-core
 * regexes ES bundles; `user-agent.engine.test.ts` checks every `es` against the live processor).
 * `ours` is given only where we deliberately answer otherwise, with the reason.
 */
import type { UserAgentInfo } from './user-agent.ts';

/** ES joins an empty group into the version (`125.0.`); an empty group is absent for us. */
const EMPTY_GROUP = 'ES writes an empty group into the version (`125.0.`)';
/** ES fills only `$1` of a name replacement and none of a version's (`Windows $1`, `LG-$2`). */
const PLACEHOLDER = 'ES leaves `$N` placeholders of uap replacements unfilled';
/** ES bundles uap-core's regexes of 2020; uap-core 0.18 knows the agent or device better. */
const NEWER_REGEXES = 'newer uap-core regexes than the copy ES bundles';

export interface UserAgentCase {
  ua: string;
  es: UserAgentInfo;
  ours?: UserAgentInfo;
  why?: string;
}

export const USER_AGENT_CASES: UserAgentCase[] = [
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    es: {
      name: 'Chrome',
      version: '124.0.0.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
    es: {
      name: 'Edge',
      version: '124.0.2478.51',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    es: {
      name: 'Safari',
      version: '17.1',
      os: { name: 'Mac OS X', version: '10.15.7', full: 'Mac OS X 10.15.7' },
      device: { name: 'Mac' },
    },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    es: {
      name: 'Mobile Safari',
      version: '17.1',
      os: { name: 'iOS', version: '17.1', full: 'iOS 17.1' },
      device: { name: 'iPhone' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    es: {
      name: 'Chrome Mobile',
      version: '124.0.0.0',
      os: { name: 'Android', version: '14', full: 'Android 14' },
      device: { name: 'Pixel 7' },
    },
  },
  {
    ua: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    es: { name: 'Firefox', version: '125.0.', os: { name: 'Ubuntu' }, device: { name: 'Other' } },
    ours: { name: 'Firefox', version: '125.0', os: { name: 'Ubuntu' }, device: { name: 'Other' } },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    es: { name: 'Googlebot', version: '2.1', device: { name: 'Spider' } },
  },
  {
    ua: 'curl/8.4.0',
    es: { name: 'curl', version: '8.4.0', device: { name: 'Other' } },
  },
  {
    ua: 'python-requests/2.31.0',
    es: { name: 'Python Requests', version: '2.31', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0',
    es: {
      name: 'Firefox',
      version: '126.0.',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
    ours: {
      name: 'Firefox',
      version: '126.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
    es: {
      name: 'IE',
      version: '11.0',
      os: { name: 'Windows', version: '7', full: 'Windows 7' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)',
    es: {
      name: 'IE',
      version: '8.0',
      os: { name: 'Windows', version: 'XP', full: 'Windows XP' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)',
    es: {
      name: 'IE',
      version: '10.0',
      os: { name: 'Windows', version: '8', full: 'Windows 8' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0',
    es: {
      name: 'Opera',
      version: '106.0.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 YaBrowser/24.4.0.0 Safari/537.36',
    es: {
      name: 'Yandex Browser',
      version: '24.4.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Vivaldi/6.6.3271.61',
    es: {
      name: 'Vivaldi',
      version: '6.6.3271',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    es: {
      name: 'Samsung Internet',
      version: '24.0',
      os: { name: 'Android', version: '13', full: 'Android 13' },
      device: { name: 'Samsung SM-S918B' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    es: {
      name: 'Chrome Mobile',
      version: '124.0.0.0',
      os: { name: 'Android', version: '10', full: 'Android 10' },
      device: { name: 'K' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 8.0.0; SM-G960F Build/R16NW) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/62.0.3202.84 Mobile Safari/537.36',
    es: {
      name: 'Chrome Mobile',
      version: '62.0.3202.84',
      os: { name: 'Android', version: '8.0.0', full: 'Android 8.0.0' },
      device: { name: 'Samsung SM-G960F' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 7.0; Pixel C Build/NRD90M; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/52.0.2743.98 Safari/537.36',
    es: {
      name: 'Chrome Mobile WebView',
      version: '52.0.2743.98',
      os: { name: 'Android', version: '7.0', full: 'Android 7.0' },
      device: { name: 'Pixel C' },
    },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 12_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/69.0.3497.105 Mobile/15E148 Safari/605.1',
    es: {
      name: 'Chrome Mobile iOS',
      version: '69.0.3497.105',
      os: { name: 'iOS', version: '12.0', full: 'iOS 12.0' },
      device: { name: 'iPhone' },
    },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15',
    es: {
      name: 'Firefox iOS',
      version: '125.0.',
      os: { name: 'iOS', version: '17.4', full: 'iOS 17.4' },
      device: { name: 'iPhone' },
    },
    ours: {
      name: 'Firefox iOS',
      version: '125.0',
      os: { name: 'iOS', version: '17.4', full: 'iOS 17.4' },
      device: { name: 'iPhone' },
    },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
    es: {
      name: 'Mobile Safari',
      version: '16.6',
      os: { name: 'iOS', version: '16.6', full: 'iOS 16.6' },
      device: { name: 'iPad' },
    },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    es: {
      name: 'Mobile Safari UI/WKWebView',
      os: { name: 'iOS', version: '16.6', full: 'iOS 16.6' },
      device: { name: 'iPhone' },
    },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.2;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
    es: { name: 'Facebook', os: { name: 'iOS', version: '17.2', full: 'iOS 17.2' }, device: { name: 'iPhone' } },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 320.0.2.24.106 (iPhone14,2; iOS 17_3; en_US; en; scale=3.00; 1170x2532; 561231014)',
    es: {
      name: 'Instagram',
      version: '320.0.2',
      os: { name: 'iOS', version: '17.3', full: 'iOS 17.3' },
      device: { name: 'iPhone' },
    },
  },
  {
    ua: 'Mozilla/5.0 (X11; CrOS x86_64 8172.45.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.64 Safari/537.36',
    es: {
      name: 'Chrome',
      version: '51.0.2704.64',
      os: { name: 'Chrome OS', version: '8172.45.0', full: 'Chrome OS 8172.45.0' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    es: { name: 'Chrome', version: '124.0.0.0', os: { name: 'Linux' }, device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
    es: { name: 'Firefox', version: '124.0.', os: { name: 'Fedora' }, device: { name: 'Other' } },
    ours: { name: 'Firefox', version: '124.0', os: { name: 'Fedora' }, device: { name: 'Other' } },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (X11; FreeBSD amd64; rv:109.0) Gecko/20100101 Firefox/115.0',
    es: { name: 'Firefox', version: '115.0.', os: { name: 'FreeBSD' }, device: { name: 'Other' } },
    ours: { name: 'Firefox', version: '115.0', os: { name: 'FreeBSD' }, device: { name: 'Other' } },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
    es: {
      name: 'Firefox Mobile',
      version: '125.0',
      os: { name: 'Android', version: '14', full: 'Android 14' },
      device: { name: 'Generic Smartphone' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0',
    es: {
      name: 'Firefox',
      version: '125.0.',
      os: { name: 'Mac OS X', version: '14.4', full: 'Mac OS X 14.4' },
      device: { name: 'Mac' },
    },
    ours: {
      name: 'Firefox',
      version: '125.0',
      os: { name: 'Mac OS X', version: '14.4', full: 'Mac OS X 14.4' },
      device: { name: 'Mac' },
    },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
    es: {
      name: 'Edge',
      version: '124.0.0.0',
      os: { name: 'Mac OS X', version: '10.15.7', full: 'Mac OS X 10.15.7' },
      device: { name: 'Mac' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 EdgA/124.0.2478.64',
    es: {
      name: 'Edge Mobile',
      version: '124.0.2478.64',
      os: { name: 'Android', version: '10', full: 'Android 10' },
      device: { name: 'HD1913' },
    },
    ours: {
      name: 'Edge Mobile',
      version: '124.0.2478.64',
      os: { name: 'Android', version: '10', full: 'Android 10' },
      device: { name: 'OnePlus HD1913' },
    },
    why: NEWER_REGEXES,
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 EdgiOS/124.2478.50 Mobile/15E148 Safari/605.1.15',
    es: {
      name: 'Mobile Safari',
      version: '17.4',
      os: { name: 'iOS', version: '17.4.1', full: 'iOS 17.4.1' },
      device: { name: 'iPhone' },
    },
    ours: {
      name: 'Edge Mobile',
      version: '124.2478.50',
      os: { name: 'iOS', version: '17.4.1', full: 'iOS 17.4.1' },
      device: { name: 'iPhone' },
    },
    why: NEWER_REGEXES,
  },
  {
    ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    es: { name: 'bingbot', version: '2.0', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/124.0.6367.118 Safari/537.36',
    es: { name: 'Googlebot', version: '2.1', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    es: {
      name: 'Googlebot',
      version: '2.1',
      os: { name: 'Android', version: '6.0.1', full: 'Android 6.0.1' },
      device: { name: 'Spider' },
    },
  },
  {
    ua: 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
    es: { name: 'YandexBot', version: '3.0', device: { name: 'Spider' } },
  },
  {
    ua: 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
    es: { name: 'DuckDuckBot', version: '1.1', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
    es: { name: 'Baiduspider', version: '2.0', device: { name: 'Spider' } },
  },
  {
    ua: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    es: { name: 'FacebookBot', version: '1.1', device: { name: 'Spider' } },
  },
  {
    ua: 'Twitterbot/1.0',
    es: { name: 'Twitterbot', version: '1.0', device: { name: 'Spider' } },
  },
  {
    ua: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    es: { name: 'Slackbot-LinkExpanding', version: '1.0', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
    es: { name: 'AhrefsBot', version: '7.0', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
    es: { name: 'SemrushBot', version: '7', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    es: { name: 'GPTBot', version: '1.2', device: { name: 'Spider' } },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
    es: {
      name: 'Applebot',
      version: '0.1',
      os: { name: 'Mac OS X', version: '10.15.5', full: 'Mac OS X 10.15.5' },
      device: { name: 'Spider' },
    },
    ours: {
      name: 'Applebot',
      version: '0.1',
      os: { name: 'Mac OS X', version: '10.15.5', full: 'Mac OS X 10.15.5' },
      device: { name: 'Mac' },
    },
    why: NEWER_REGEXES,
  },
  {
    ua: 'Wget/1.21.4',
    es: { name: 'Wget', version: '1.21.4', device: { name: 'Other' } },
  },
  {
    ua: 'Python-urllib/3.11',
    es: { name: 'Python-urllib', version: '3.11', device: { name: 'Spider' } },
  },
  {
    ua: 'Go-http-client/1.1',
    es: { name: 'Go-http-client', version: '1.1', device: { name: 'Other' } },
  },
  {
    ua: 'Go-http-client/2.0',
    es: { name: 'Go-http-client', version: '2.0', device: { name: 'Other' } },
  },
  {
    ua: 'okhttp/4.12.0',
    es: { name: 'okhttp', version: '4.12.0', device: { name: 'Other' } },
  },
  {
    ua: 'PostmanRuntime/7.37.3',
    es: { name: 'Other', device: { name: 'Other' } },
    ours: { name: 'PostmanRuntime', version: '7.37.3', device: { name: 'Other' } },
    why: NEWER_REGEXES,
  },
  {
    ua: 'Apache-HttpClient/4.5.14 (Java/17.0.10)',
    es: { name: 'Apache-HttpClient', version: '4.5.14', device: { name: 'Other' } },
  },
  {
    ua: 'axios/1.6.8',
    es: { name: 'axios', version: '1.6.8', device: { name: 'Other' } },
  },
  {
    ua: 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Java/17.0.10',
    es: { name: 'Java', version: '0.10.', device: { name: 'Spider' } },
    ours: { name: 'Java', version: '17.0.10', device: { name: 'Spider' } },
    why: NEWER_REGEXES,
  },
  {
    ua: 'libwww-perl/6.72',
    es: { name: 'libwww-perl', version: '6.72', device: { name: 'Generic Feature Phone' } },
  },
  {
    ua: 'Prometheus/2.51.2',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'kube-probe/1.29',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'ELB-HealthChecker/2.0',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
    es: {
      name: 'Edge',
      version: '124.0.0.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18',
    es: {
      name: 'Opera',
      version: '12.18',
      os: { name: 'Windows', version: '7', full: 'Windows 7' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/4.0 (compatible; MSIE 5.5; Windows 98)',
    es: {
      name: 'IE',
      version: '5.5',
      os: { name: 'Windows', version: '$1', full: 'Windows $1' },
      device: { name: 'Other' },
    },
    ours: {
      name: 'IE',
      version: '5.5',
      os: { name: 'Windows', version: '98', full: 'Windows 98' },
      device: { name: 'Other' },
    },
    why: PLACEHOLDER,
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
    es: {
      name: 'Chrome',
      version: '109.0.0.0',
      os: { name: 'Windows', version: '8.1', full: 'Windows 8.1' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
    es: {
      name: 'Firefox',
      version: '115.0.',
      os: { name: 'Windows', version: '7', full: 'Windows 7' },
      device: { name: 'Other' },
    },
    ours: {
      name: 'Firefox',
      version: '115.0',
      os: { name: 'Windows', version: '7', full: 'Windows 7' },
      device: { name: 'Other' },
    },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30',
    es: {
      name: 'Android',
      version: '4.0.3',
      os: { name: 'Android', version: '4.0.3', full: 'Android 4.0.3' },
      device: { name: 'LG-$2' },
    },
    ours: {
      name: 'Android',
      version: '4.0.3',
      os: { name: 'Android', version: '4.0.3', full: 'Android 4.0.3' },
      device: { name: 'LG-L160L' },
    },
    why: PLACEHOLDER,
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 12; moto g(60)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    es: {
      name: 'Chrome Mobile',
      version: '124.0.0.0',
      os: { name: 'Android', version: '12', full: 'Android 12' },
      device: { name: 'moto g(60)' },
    },
    ours: {
      name: 'Chrome Mobile',
      version: '124.0.0.0',
      os: { name: 'Android', version: '12', full: 'Android 12' },
      device: { name: 'Motorola g(60)' },
    },
    why: NEWER_REGEXES,
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 11; Redmi Note 9 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    es: {
      name: 'Chrome Mobile',
      version: '124.0.0.0',
      os: { name: 'Android', version: '11', full: 'Android 11' },
      device: { name: 'XiaoMi Redmi Note 9 Pro' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    es: {
      name: 'Chrome Mobile',
      version: '124.0.0.0',
      os: { name: 'Android', version: '13', full: 'Android 13' },
      device: { name: 'Samsung SM-A536B' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 9; SM-T820) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    es: {
      name: 'Chrome',
      version: '124.0.0.0',
      os: { name: 'Android', version: '9', full: 'Android 9' },
      device: { name: 'SM-T820' },
    },
  },
  {
    ua: 'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)',
    es: { name: 'Apple Mail', version: '605.1.15', device: { name: 'PlayStation 5' } },
  },
  {
    ua: 'Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36',
    es: {
      name: 'Samsung Internet',
      version: '4.0',
      os: { name: 'Tizen', version: '6.0', full: 'Tizen 6.0' },
      device: { name: 'Samsung SMART-TV' },
    },
  },
  {
    ua: 'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Raspbian Chromium/78.0.3904.108 Chrome/78.0.3904.108 Safari/537.36',
    es: { name: 'Chromium', version: '78.0.3904.108', os: { name: 'Linux' }, device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36',
    es: {
      name: 'HeadlessChrome',
      version: '124.0.6367',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Electron/29.3.0 Chrome/122.0.6261.156 Safari/537.36',
    es: {
      name: 'Electron',
      version: '29.3.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Brave Chrome/124.0.0.0 Safari/537.36',
    es: {
      name: 'Chrome',
      version: '124.0.0.0',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Thunderbird/125.0',
    es: {
      name: 'Thunderbird',
      version: '125.0',
      os: { name: 'Mac OS X', version: '10.15', full: 'Mac OS X 10.15' },
      device: { name: 'Mac' },
    },
  },
  {
    ua: 'Dalvik/2.1.0 (Linux; U; Android 11; SM-A515F Build/RP1A.200720.012)',
    es: {
      name: 'Android',
      version: '11',
      os: { name: 'Android', version: '11', full: 'Android 11' },
      device: { name: 'Samsung SM-A515F' },
    },
  },
  {
    ua: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)',
    es: {
      name: 'Outlook',
      version: '2016',
      os: { name: 'Windows', version: '10', full: 'Windows 10' },
      device: { name: 'Other' },
    },
  },
  {
    ua: 'Grafana/10.4.2',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Zabbix',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
    es: { name: 'Firefox', version: '115.0.', os: { name: 'Linux' }, device: { name: 'Other' } },
    ours: { name: 'Firefox', version: '115.0', os: { name: 'Linux' }, device: { name: 'Other' } },
    why: EMPTY_GROUP,
  },
  {
    ua: 'Mozilla/5.0',
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    es: { name: 'Other', os: { name: 'Windows', version: '$1', full: 'Windows $1' }, device: { name: 'Other' } },
    ours: { name: 'Other', os: { name: 'Windows', version: '98', full: 'Windows 98' }, device: { name: 'Other' } },
    why: PLACEHOLDER,
  },
  {
    ua: 'Lynx/2.9.0dev.12 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/3.7.8',
    es: { name: 'Lynx', version: '2.9.0', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
    es: { name: 'UptimeRobot', version: '2.0', device: { name: 'Spider' } },
  },
  {
    ua: "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)",
    es: { name: 'Other', device: { name: 'Other' } },
  },
  {
    ua: 'Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)',
    es: { name: 'Yahoo! Slurp', device: { name: 'Spider' } },
  },
];
