/**
 * `driftwood alerts [--store …] [--data DIR] [--url URL] [--public-url URL] [--smtp-url URL]
 *                   [--config FILE.yaml] [--rules FILE.yaml] [--once]`
 *
 * Runs the alert evaluator on its own (`driftwood up` runs it too; run one per store).
 * `--rules FILE` creates or replaces the rules listed in a YAML file (a list of rules, or
 * `rules:` holding one) before starting — every invalid rule reported with file:line:column, as
 * config files are, and none saved then; `--once` evaluates what is due now and exits (cron).
 * `--config FILE` (or DRIFTWOOD_ALERTING_CONFIG) is the alerting config: the egress allow-list of
 * actions and the CA file their TLS trusts (see config.ts).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type ConfigIssue,
  configError,
  isDriftwoodError,
  legacyKeysIn,
  parseYamlSource,
  type Rule,
  ruleSchema,
  upgradeRuleKeys,
  type YamlSource,
  zodConfigIssues,
} from '@driftwood/core';
import { alerts, type LogStore, openStore, selectStore } from '@driftwood/store';
import { createLogger } from '@driftwood/telemetry';
import { type AlertingConfig, readAlertingConfig } from './config.ts';
import { Evaluator } from './evaluator.ts';
import { type SmtpConfig, smtpConfigFromUrl } from './notify/smtp.ts';
import { startAlerting } from './start.ts';

export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    process.stderr.write(`driftwood alerts: ${(error as Error).message}\n`);
    return 2;
  }
  const log = createLogger({ service: 'alerting' });
  let store: LogStore | undefined;
  try {
    const smtpUrl = values['smtp-url'] ?? process.env.DRIFTWOOD_SMTP_URL;
    const smtp: SmtpConfig | undefined = smtpUrl ? smtpConfigFromUrl(smtpUrl) : undefined;
    const configFile = values.config ?? process.env.DRIFTWOOD_ALERTING_CONFIG;
    const config: Partial<AlertingConfig> = configFile ? readAlertingConfig(configFile) : {};
    const publicUrl = values['public-url'] ?? process.env.DRIFTWOOD_PUBLIC_URL ?? 'http://127.0.0.1:5601';
    store = await openStore(selectStore({ store: values.store, data: values.data, url: values.url }));
    if (values.rules) {
      const count = await provision(store, values.rules);
      log.info('alerting: rules provisioned', { file: values.rules, count });
    }
    if (values.once) {
      const evaluator = new Evaluator({ ...config, store, log, publicUrl, smtp });
      const report = await evaluator.evaluate(Date.now()).finally(() => evaluator.close());
      process.stdout.write(
        `${JSON.stringify({
          evaluated: report.evaluated,
          errors: report.errors,
          notifications: report.notifications,
          // a repeat run inside a rule's interval evaluates nothing: say when the next one is due
          ...(report.nextDueAt !== undefined ? { nextDueAt: new Date(report.nextDueAt).toISOString() } : {}),
        })}\n`,
      );
      return report.errors > 0 ? 1 : 0;
    }
    const service = startAlerting({ ...config, store, log, publicUrl, smtp });
    try {
      await service.http; // a listen address that cannot be taken fails the start
    } catch (error) {
      await service.stop();
      throw error;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await service.stop();
    return 0;
  } catch (error) {
    process.stderr.write(`driftwood alerts: ${(error as Error).message}\n`);
    return isDriftwoodError(error) && (error.code === 'INPUT_INVALID' || error.code === 'CONFIG_INVALID') ? 2 : 1;
  } finally {
    await store?.close();
  }
}

/**
 * Validates every rule of the file first (every problem with file:line:column, as config files
 * are), then saves them all; resolves to how many. Throws CONFIG_INVALID and saves nothing when
 * any rule is invalid.
 */
export async function provision(store: LogStore, file: string): Promise<number> {
  const source = parseYamlSource(readFileSync(file, 'utf8'), file);
  const doc = source.data;
  const inRules = !Array.isArray(doc);
  const list = inRules ? (doc as { rules?: unknown } | null)?.rules : doc;
  if (!Array.isArray(list))
    throw configError(file, [{ path: '', line: 1, column: 1, message: 'expected a list of rules (or rules: [...])' }]);
  const issues: ConfigIssue[] = [];
  const rules: Rule[] = [];
  list.forEach((raw, i) => {
    const result = ruleSchema.safeParse(upgradeRuleKeys(raw));
    if (result.success) rules.push(result.data);
    else {
      const base = inRules ? ['rules', i] : [i];
      // a problem under a key written the old way (groupBy) points at that key's line
      const legacy = legacyKeysIn(raw);
      const at = base.length;
      const positions: YamlSource = {
        file: source.file,
        data: source.data,
        position: (p, onKey) =>
          source.position(
            p.map((seg, k) => (k === at && typeof seg === 'string' ? (legacy[seg] ?? seg) : seg)),
            onKey,
          ),
      };
      const data = upgradeRuleKeys(raw);
      issues.push(...zodConfigIssues(result.error, { base, source: positions, schema: ruleSchema, data }));
    }
  });
  if (issues.length > 0) throw configError(file, issues, 'rules file');
  for (const rule of rules) await alerts.saveRule(store, rule);
  return rules.length;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    options: {
      store: { type: 'string' },
      data: { type: 'string' },
      url: { type: 'string' },
      'public-url': { type: 'string' },
      'smtp-url': { type: 'string' },
      config: { type: 'string' },
      rules: { type: 'string' },
      once: { type: 'boolean', default: false },
    },
  });
}
