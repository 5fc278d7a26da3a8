/**
 * Issue #14 item 7 against a real OpenSearch (and Elasticsearch): nothing read vanishes. The agent (file input → disk
 * queue → bulk output) ships 1,000 JSON lines through `flakySink`, which answers the whole
 * request with HTTP 400 for a while and then passes requests on to the store. The index maps `n`
 * as `long`, and 10 lines carry a word there: the store rejects those items one by one (400
 * mapper/document_parsing_exception inside a 200 `_bulk` answer). Every line ends up in the store or in
 * the shipper's dead-letter file with the store's reason; they are counted.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../shipper/src/agent.ts';
import { parseConfig } from '../../shipper/src/config.ts';
import { memoryLogger } from '../../shipper/src/log.ts';
import { engine } from '../engines/use.ts';
import { type FlakySink, flakySink } from './flaky-sink.ts';
import { osAll, osCount, osJson, tempDir, waitFor } from './helpers.ts';

const LINES = 1000;
interface Health {
  status: string;
  queue: { events: number };
  output_health: { healthy: boolean; status?: number; answer?: string };
  dead_letter: { events: number; full: boolean };
}

interface DeadLine {
  id: string;
  event: { message: string; n: unknown };
}

const BAD = new Set(Array.from({ length: 10 }, (_, i) => i * 97 + 5));

for (const name of ['opensearch', 'elasticsearch'] as const) {
  const os = engine(name);
  describe.skipIf(!os)(`dead letters against ${name}: every line stored or dead-lettered with its reason`, () => {
    const index = `shipper-deadletter-${Date.now()}`;
    let sink: FlakySink | undefined;
    let agent: Agent | undefined;

    afterAll(async () => {
      await agent?.stop();
      await sink?.close();
      await fetch(`${os!.url}/${index}`, { method: 'DELETE' }).catch(() => undefined);
    });

    it('400 for the whole request, then the store rejecting 10 items: 990 stored, 10 dead-lettered, none vanish', async () => {
      const created = await osJson(`${os!.url}/${index}`, 'PUT', {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { properties: { n: { type: 'long' }, message: { type: 'text' } } },
      });
      expect(created).toMatchObject({ acknowledged: true });
      sink = await flakySink({ forward: os!.url });

      const dir = await tempDir('deadletter-os');
      mkdirSync(path.join(dir, 'logs'));
      const file = path.join(dir, 'logs', 'app.log');
      let text = '';
      for (let i = 0; i < LINES; i++) {
        text += `${JSON.stringify({ message: `line ${i}`, n: BAD.has(i) ? `many-${i}` : i })}\n`;
      }
      writeFileSync(file, text);
      const data = path.join(dir, 'data');
      const config = parseConfig(`
inputs:
  - type: file
    id: app
    paths: ["${dir}/logs/*.log"]
    scan_interval_ms: 100
processors:
  - type: decode_json
queue:
  type: disk
  path: queue
output:
  type: bulk
  url: ${sink.url}
  index: ${index}
  batch_max_events: 250
  flush_interval_ms: 20
  backoff_initial_ms: 20
  backoff_max_ms: 250
http:
  listen: 127.0.0.1:0
`);
      agent = new Agent({ config, dataDir: data, log: memoryLogger() });
      await agent.start();
      const health = async () => (await (await fetch(`http://${agent!.address}/health`)).json()) as Health;

      // The whole-request 400: nothing stored, nothing dead-lettered, nothing acked.
      await waitFor('several refused requests', () => (sink!.failed >= 6 ? true : undefined), 20_000, 20);
      await waitFor(
        'every line queued',
        async () => ((await health()).queue.events === LINES ? true : undefined),
        20_000,
      );
      const down = await health();
      expect(down).toMatchObject({
        status: 'unhealthy',
        output_health: { healthy: false, status: 400 },
        dead_letter: { events: 0, full: false },
      });
      expect(down.output_health.answer).toMatch(/^HTTP 400 Bad Request: .*no handler found/);
      expect(await osCount(os!.url, index)).toBe(0);
      const registry = JSON.parse(readFileSync(path.join(data, 'registry', 'app.json'), 'utf8'));
      expect(registry.entries.map((e: { offset: number }) => e.offset)).toEqual([0]);

      // Then the real store answers.
      sink.mode = 'ok';
      await waitFor(
        'every line stored or dead-lettered',
        async () => {
          const h = await health();
          return h.queue.events === 0 && h.dead_letter.events === BAD.size ? true : undefined;
        },
        30_000,
      );
      const up = await health();
      expect(up).toMatchObject({ status: 'ok', output_health: { healthy: true } });
      await agent.stop();
      agent = undefined;

      // Count them: stored ∪ dead-lettered = every line, and the two do not overlap.
      expect(await osCount(os!.url, index)).toBe(LINES - BAD.size); // refreshes the index too
      const stored = await osAll(os!.url, index, ['message', 'n']);
      const deadDir = path.join(data, 'deadletter');
      const dead = readdirSync(deadDir).flatMap((f) =>
        readFileSync(path.join(deadDir, f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as DeadLine),
      );
      expect(stored).toHaveLength(LINES - BAD.size);
      expect(dead).toHaveLength(BAD.size);
      for (const d of dead) {
        expect(d).toMatchObject({
          output: 'bulk',
          status: 400,
          source: 'app',
          reason: expect.stringMatching(
            /^MAPPING_CONFLICT: HTTP 400 (mapper|document)_parsing_exception: (\[[\d:]+\] )?failed to parse field \[n\]/,
          ),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
        expect(String(d.event.n)).toMatch(/^many-\d+$/);
      }
      const storedMessages = stored.map((h) => String(h._source.message));
      const deadMessages = dead.map((d) => String(d.event.message));
      expect(new Set([...storedMessages, ...deadMessages]).size).toBe(LINES);
      expect([...storedMessages, ...deadMessages].sort()).toEqual(
        Array.from({ length: LINES }, (_, i) => `line ${i}`).sort(),
      );
      expect(deadMessages.sort()).toEqual([...BAD].map((i) => `line ${i}`).sort());
      expect(new Set(dead.map((d) => d.id)).size).toBe(BAD.size);
      expect(stored.some((h) => dead.some((d) => d.id === h._id))).toBe(false);
      // Everything is accounted for, so the checkpoint reached the end of the file.
      const done = JSON.parse(readFileSync(path.join(data, 'registry', 'app.json'), 'utf8'));
      expect(done.entries.map((e: { offset: number }) => e.offset)).toEqual([Buffer.byteLength(text)]);
    });
  });
}
