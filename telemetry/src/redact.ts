/** Secrets never reach a log line or an answer we repeat: the userinfo of URLs is removed. */

/** The URL without its userinfo (`http://user:pw@host/` → `http://host/`). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return redactText(url);
  }
}

/** Text with the userinfo of any URL in it removed (answers may echo a URL). */
export function redactText(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"']*@/gi, '$1');
}
