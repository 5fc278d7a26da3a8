/** A real Kafka 4.x broker in KRaft mode (jars from Maven Central), or the one KAFKA_BROKERS names. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ENGINES_DIR,
  ensureJars,
  freePort,
  javaBinary,
  makeTempDir,
  startProcess,
  stopIfNotReady,
  stopProcess,
  waitUntilReady,
} from './process.ts';
import type { RunningEngine } from './types.ts';

const KAFKA_DIR = path.join(ENGINES_DIR, 'kafka');

function kafkaVersionFromJars(): string {
  const pom = readFileSync(path.join(KAFKA_DIR, 'pom.xml'), 'utf8');
  return /<artifactId>kafka_2\.13<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)?.[1] ?? 'unknown';
}

/**
 * A KRaft cluster id: 16 random bytes in base64url, as Kafka's own `Uuid.randomUuid()` makes
 * them — redrawn when it starts with '-', which the storage tool's argument parser would take
 * for an option (1 start in 64 failed that way).
 */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function startKafka(): Promise<RunningEngine> {
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    return { name: 'kafka', url: external, version: 'external', logFile: '', external: true, stop: async () => {} };
  }
  await ensureJars('kafka');
  const dir = await makeTempDir('kafka');
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${path.join(dir, 'data')}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      '',
    ].join('\n'),
  );
  const logFile = path.join(dir, `kafka-${port}.log`);
  const java = javaBinary();
  const jvm = [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseSerialGC',
    `-Dlog4j2.configurationFile=${path.join(KAFKA_DIR, 'log4j2.properties')}`,
    '-cp',
    'lib/*',
  ];
  const format = startProcess(
    java,
    [...jvm, 'kafka.tools.StorageTool', 'format', '-t', kafkaClusterId(), '-c', config],
    {
      cwd: KAFKA_DIR,
      logFile,
    },
  );
  const formatCode = await format.exited;
  if (formatCode !== 0) {
    const error = new Error(
      `Kafka storage format failed (exit ${formatCode}); log ${logFile}:\n${readFileSync(logFile, 'utf8')}`,
    );
    await stopProcess(format, dir);
    throw error;
  }
  const proc = startProcess(java, [...jvm, 'kafka.Kafka', config], { cwd: KAFKA_DIR, logFile });
  const version = await stopIfNotReady(proc, dir, () =>
    waitUntilReady(
      'Kafka',
      proc,
      async () => {
        const log = readFileSync(logFile, 'utf8');
        if (!/\[KafkaRaftServer nodeId=1\] Kafka Server started|Kafka Server started/.test(log)) return undefined;
        return /Kafka version: (\S+)/.exec(log)?.[1] ?? kafkaVersionFromJars();
      },
      120_000,
    ),
  );
  return {
    name: 'kafka',
    url: `127.0.0.1:${port}`,
    version,
    logFile,
    external: false,
    stop: () => stopProcess(proc, dir),
  };
}
