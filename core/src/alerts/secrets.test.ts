import { describe, expect, it } from 'vitest';
import { redactUrl, SECRET } from './secrets.ts';

const hook = 'https://hooks.example.com/alerts/T00/B00/XXXXsecret?token=abc';
const slack = 'https://hooks.slack.com/services/T00/B00/XXXX';

describe('rule secrets', () => {
  it('shows a URL as its origin: user info, path, query and fragment are hidden; a bare origin is left alone', () => {
    expect(redactUrl('http://127.0.0.1:9/hook')).toBe(`http://127.0.0.1:9/${SECRET}`);
    expect(redactUrl('https://h.example/T0KEN-in-the-only-segment')).toBe(`https://h.example/${SECRET}`);
    expect(redactUrl(hook)).toBe(`https://hooks.example.com/${SECRET}`);
    expect(redactUrl('https://u:p@h.example/x')).toBe(`https://${SECRET}@h.example/${SECRET}`);
    expect(redactUrl('https://t0ken@h.example')).toBe(`https://${SECRET}@h.example/`);
    expect(redactUrl('https://h.example/?key=abc')).toBe(`https://h.example/${SECRET}`);
    expect(redactUrl('https://h.example/#frag')).toBe(`https://h.example/${SECRET}`);
    expect(redactUrl(slack)).toBe(`https://hooks.slack.com/${SECRET}`);
    expect(redactUrl('https://discord.com/api/webhooks/123/abcTOKEN')).toBe(`https://discord.com/${SECRET}`);
    expect(redactUrl('https://h.example:8443/')).toBe('https://h.example:8443/');
    expect(redactUrl('not a url t0ken')).toBe(SECRET);
  });
});
