/**
 * The alert rule routes on a real embedded store, called as the UI server calls them (a Request
 * with Basic credentials): every change — create, update (PATCH), replace (PUT), mute, unmute,
 * snooze, un-snooze, delete — writes one audit event naming the action, the rule and who; a
 * refused change writes none; no secret of the rule (webhook URL tokens, header values, Slack
 * URL) lands in the audit trail.
 */
import { AUDIT_DATASET } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { basic, routeCaller, useRouteTestStore } from '../../../../lib/server/testdata/routes.ts';
import { POST as mute } from './[id]/mute/route.ts';
import { PATCH as patch, DELETE as remove, PUT as replace } from './[id]/route.ts';
import { POST as snooze } from './[id]/snooze/route.ts';
import { POST as create } from './route.ts';

const EDITOR = basic('rule-editor', 'editor-password-1');
const VIEWER = basic('rule-viewer', 'viewer-password-1');
const call = routeCaller(EDITOR);

const HOOK_TOKEN = 'hooktoken9f3a';
const HEADER_SECRET = 'Bearer headersecret77c1';
const SLACK_SECRET = 'slacksecretB00XYZ';
const SECRETS = [HOOK_TOKEN, HEADER_SECRET, 'headersecret77c1', SLACK_SECRET, 'team-header-value'];

function rule(id: string, name = 'Checkout errors') {
  return {
    id,
    name,
    query: 'log.level:error',
    condition: { type: 'count', comparator: '>', threshold: 10 },
    actions: [
      {
        type: 'webhook',
        id: 'hook',
        url: `https://hooks.example.com/alerts?token=${HOOK_TOKEN}`,
        headers: { authorization: HEADER_SECRET, 'x-team': 'team-header-value' },
      },
      { type: 'slack', url: `https://hooks.slack.com/services/T00/B00/${SLACK_SECRET}` },
    ],
  };
}

describe('the alert rule routes on a real embedded store', () => {
  const kit = useRouteTestStore('rules-api', [
    { username: 'rule-editor', password: 'editor-password-1', roles: ['editor'] },
    { username: 'rule-viewer', password: 'viewer-password-1', roles: ['viewer'] },
  ]);
  /** The audit events about `target`, oldest first. */
  const auditOf = (target: string) => kit.audit(`driftwood.audit.target:"${target}"`);

  it('writes an audit event for every rule change, naming the action, the rule and who', async () => {
    const id = 'audited-rule';
    const created = await call(create, 'POST', '/api/alerts/rules', { body: rule(id) });
    expect(created.status).toBe(201);
    const shown = (await created.json()).rule;
    const at = `/api/alerts/rules/${id}`;
    const answers = [
      await call(patch, 'PATCH', at, { id, body: { name: 'Checkout errors (patched)' } }),
      // the editor sends back what it was shown ([secret] placeholders): the stored secrets stay
      await call(replace, 'PUT', at, { id, body: { ...shown, id: undefined, name: 'Checkout errors (replaced)' } }),
      await call(mute, 'POST', `${at}/mute`, { id, body: { muted: true } }),
      await call(mute, 'POST', `${at}/mute`, { id, body: { muted: false } }),
      await call(snooze, 'POST', `${at}/snooze`, { id, body: { until: '2099-01-01T00:00:00.000Z' } }),
      await call(snooze, 'POST', `${at}/snooze`, { id, body: { until: null } }),
      await call(remove, 'DELETE', at, { id }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);

    const events = await auditOf(id);
    expect(events.map((e) => [e.event.action, e.driftwood.audit.target, e.user.name, e.event.outcome])).toEqual([
      ['alert_rule_create', id, 'rule-editor', 'success'],
      ['alert_rule_update', id, 'rule-editor', 'success'],
      ['alert_rule_replace', id, 'rule-editor', 'success'],
      ['alert_rule_mute', id, 'rule-editor', 'success'],
      ['alert_rule_unmute', id, 'rule-editor', 'success'],
      ['alert_rule_snooze', id, 'rule-editor', 'success'],
      ['alert_rule_snooze', id, 'rule-editor', 'success'],
      ['alert_rule_delete', id, 'rule-editor', 'success'],
    ]);
    const snoozes = events.filter((e) => e.event.action === 'alert_rule_snooze');
    expect(snoozes.map((e) => JSON.parse(e.driftwood.audit.details ?? '{}'))).toEqual([
      { until: '2099-01-01T00:00:00.000Z' },
      { until: null },
    ]);
  });

  it('audits a rule created without an id under the id it was given', async () => {
    const created = await call(create, 'POST', '/api/alerts/rules', {
      body: { ...rule('x'), id: undefined, name: 'Disk full' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()).rule as { id: string };
    expect(id).not.toBe('');
    const events = await auditOf(id);
    expect(events.map((e) => [e.event.action, e.driftwood.audit.target, e.user.name])).toEqual([
      ['alert_rule_create', id, 'rule-editor'],
    ]);
  });

  it('writes no audit event for a refused change (viewer, unknown rule, invalid body)', async () => {
    const id = 'refused-rule';
    expect((await call(create, 'POST', '/api/alerts/rules', { body: rule(id), as: VIEWER })).status).toBe(403);
    const missing = 'no-such-rule';
    const refused = [
      await call(patch, 'PATCH', `/api/alerts/rules/${missing}`, { id: missing, body: { name: 'x' } }),
      await call(replace, 'PUT', `/api/alerts/rules/${missing}`, { id: missing, body: rule(missing) }),
      await call(mute, 'POST', `/api/alerts/rules/${missing}/mute`, { id: missing, body: { muted: true } }),
      await call(snooze, 'POST', `/api/alerts/rules/${missing}/snooze`, { id: missing, body: { until: null } }),
      await call(remove, 'DELETE', `/api/alerts/rules/${missing}`, { id: missing }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    const invalid = await call(create, 'POST', '/api/alerts/rules', { body: { ...rule(id), condition: {} } });
    expect(invalid.status).toBe(400);
    expect(await auditOf(id)).toEqual([]);
    expect(await auditOf(missing)).toEqual([]);
  });

  it('puts no secret of a rule (webhook URL token, header values, Slack URL) in the audit trail', async () => {
    await kit.store.flush();
    const { hits, total } = await kit.store.search({ query: `event.dataset:"${AUDIT_DATASET}"`, size: 1000 });
    expect(total).toBeGreaterThanOrEqual(9);
    const trail = JSON.stringify(hits.map((h) => h.doc));
    expect(trail).toContain('alert_rule_replace'); // the trail read is the one the changes wrote
    for (const secret of SECRETS) expect(trail).not.toContain(secret);
    expect(trail).not.toContain('hooks.example.com');
    expect(trail).not.toContain('hooks.slack.com');
  });
});
