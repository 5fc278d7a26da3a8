import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './redact.ts';

describe('redact', () => {
  it('removes the userinfo of a URL, and leaves a URL without one alone', () => {
    expect(redactUrl('http://u:p@127.0.0.1:9200/_bulk')).toBe('http://127.0.0.1:9200/_bulk');
    expect(redactUrl('http://127.0.0.1:9200/_bulk')).toBe('http://127.0.0.1:9200/_bulk');
    expect(redactUrl('not a url user:pw@x')).toBe('not a url user:pw@x');
  });
  it('removes the userinfo of every URL in a text', () => {
    expect(redactText('a https://admin:hunter2@10.0.0.1:9200/x and mqtt://me:pw@broker:1883 b')).toBe(
      'a https://10.0.0.1:9200/x and mqtt://broker:1883 b',
    );
  });
});
