import { describe, expect, it } from 'vitest';
import { EsApi } from './es-api.ts';

describe('EsApi (what shippers call before _bulk)', () => {
  it('answers the cluster checks', () => {
    const api = new EsApi();
    expect(api.handle('GET', '/', undefined)).toMatchObject({
      status: 200,
      body: { version: { number: '8.17.0', build_flavor: 'default' }, tagline: 'You Know, for Search' },
    });
    expect(api.handle('HEAD', '/', undefined)?.status).toBe(200);
    expect(api.handle('GET', '/_license', undefined)).toMatchObject({
      body: { license: { type: 'basic', status: 'active' } },
    });
    expect(api.handle('GET', '/_xpack', undefined)?.status).toBe(200);
    expect(api.handle('GET', '/_cluster/health', undefined)).toMatchObject({ body: { status: 'green' } });
    expect(api.handle('GET', '/_cluster/state/version', undefined)).toMatchObject({ body: { version: 8 } });
    expect(api.handle('GET', '/_nodes/_local', undefined)?.status).toBe(200);
  });

  it("follows Logstash's setup: template, ILM policy, rollover alias", () => {
    const api = new EsApi();
    expect(api.handle('HEAD', '/_index_template/ecs-logstash', undefined)?.status).toBe(404);
    expect(api.handle('PUT', '/_index_template/ecs-logstash', { index_patterns: ['logstash-*'] })?.status).toBe(200);
    expect(api.handle('GET', '/_index_template/ecs-logstash', undefined)).toMatchObject({
      body: { index_templates: [{ name: 'ecs-logstash', index_template: { index_patterns: ['logstash-*'] } }] },
    });
    expect(api.handle('GET', '/_ilm/policy/logstash-policy', undefined)?.status).toBe(404);
    api.handle('PUT', '/_ilm/policy/logstash-policy', { policy: { phases: {} } });
    expect(api.handle('GET', '/_ilm/policy/logstash-policy', undefined)?.status).toBe(200);
    expect(api.handle('HEAD', '/logstash', undefined)?.status).toBe(404);
    const created = api.handle('PUT', `/${encodeURIComponent('<logstash-{now/d}-000001>')}`, {
      aliases: { logstash: { is_write_index: true } },
    });
    expect(created).toMatchObject({ status: 200, body: { acknowledged: true } });
    expect(api.handle('HEAD', '/logstash', undefined)?.status).toBe(200);
    expect(api.handle('GET', '/_alias/logstash', undefined)?.status).toBe(200);
  });

  it('leaves unknown _ endpoints to the caller', () => {
    expect(new EsApi().handle('GET', '/_search', undefined)).toBeUndefined();
  });
});
