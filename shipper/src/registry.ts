/** Every source, processor and output the shipper knows, by `type:`. */
import type { z } from 'zod';
import type { ComponentModule, Output, Processor, Source } from './component.ts';
import * as bulk from './outputs/bulk.ts';
import * as fileOutput from './outputs/file.ts';
import * as kafka from './outputs/kafka.ts';
import * as stdout from './outputs/stdout.ts';
import * as addFields from './processors/add-fields.ts';
import * as decodeJson from './processors/decode-json.ts';
import * as dropEvent from './processors/drop-event.ts';
import * as dropFields from './processors/drop-fields.ts';
import * as renameFields from './processors/rename-fields.ts';
import * as sample from './processors/sample.ts';
import * as file from './sources/file/index.ts';
import * as http from './sources/http/index.ts';
import * as mqtt from './sources/mqtt.ts';
import * as stdin from './sources/stdin.ts';
import * as syslog from './sources/syslog/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: component configs differ; each is validated by its own schema.
type Module<T> = ComponentModule<z.ZodType<any>, T> & { aliases?: string[] };

function byType<T>(modules: Array<Module<T>>): ReadonlyMap<string, Module<T>> {
  const map = new Map<string, Module<T>>();
  for (const m of modules) {
    map.set(m.type, m);
    for (const a of m.aliases ?? []) map.set(a, m);
  }
  return map;
}

export const SOURCES: ReadonlyMap<string, Module<Source>> = byType<Source>([file, stdin, syslog, http, mqtt]);

export const PROCESSORS: ReadonlyMap<string, Module<Processor>> = byType<Processor>([
  addFields,
  renameFields,
  dropFields,
  dropEvent,
  sample,
  decodeJson,
]);

export const OUTPUTS: ReadonlyMap<string, Module<Output>> = byType<Output>([bulk, stdout, fileOutput, kafka]);
