/** The source contract (contract.ts) for mqtt, against a real Mosquitto. */
import { tmpdir } from 'node:os';
import mqtt from 'mqtt';
import { engine } from '../../../test/engines/use.ts';
import { sourceContract } from './contract.ts';
import * as mqttSource from './mqtt.ts';
import { silentLog } from './test-context.ts';

const mosquitto = engine('mosquitto');

// A persistent session (clean: false, fixed client id): messages not acknowledged (PUBACK) before
// a restart are redelivered by the broker with the same packet id, so they get the same ids.
let run = '';
let n = 0;
sourceContract({
  name: 'mqtt',
  ...(mosquitto ? {} : { skip: 'Mosquitto is not running (MQTT_URL)' }),
  waitMs: 15_000,
  fresh() {
    run = `contract-${Date.now()}-${n++}`;
  },
  start: async (ctx) => {
    const source = mqttSource.build(
      mqttSource.configSchema.parse({
        type: 'mqtt',
        url: mosquitto!.url,
        topics: [`${run}/logs`],
        client_id: `shipper-${run}`,
        clean: false,
        qos: 1,
      }),
      { dataDir: tmpdir(), log: silentLog },
    );
    await source.start(ctx);
    return source;
  },
  send: async (lines) => {
    const pub = await mqtt.connectAsync(mosquitto!.url, { clientId: `pub-${run}-${n++}` });
    // The broker's PUBACK to the publisher: the message is with the broker (the source's own
    // PUBACK, sent once emit resolved, goes to the broker and is seen as a redelivery or not).
    for (const line of lines) await pub.publishAsync(`${run}/logs`, line, { qos: 1 });
    await pub.endAsync();
    return {};
  },
  again: { restart: true },
  acks: 'redelivery',
});
