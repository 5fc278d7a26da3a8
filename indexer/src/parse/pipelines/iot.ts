/**
 * iot: device telemetry as JSON or key=value (optionally after a time stamp) → `device.id`,
 * `device.firmware`, `device.model.name`, `device.battery.pct`, `device.temperature.c`,
 * `device.humidity.pct`, `device.signal.rssi`, `geo.location` {lat, lon}, plus level/message/time
 * like the JSON pipeline. `event.dataset: iot`. Unknown keys are kept.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { findTimestamp } from '../find-timestamp.ts';
import { safeJsonParse } from '../json.ts';
import type { LineContext } from '../runner.ts';
import { addTag, isObject } from '../types.ts';
import { mapAppRecord } from './app-fields.ts';
import { logfmtRecord } from './logfmt.ts';

const ALIASES: [string[], string, 'string' | 'number'][] = [
  [
    ['device_id', 'deviceId', 'device', 'dev', 'dev_id', 'node_id', 'nodeId', 'sensor_id', 'sensorId', 'serial', 'uid'],
    'device.id',
    'string',
  ],
  [
    ['firmware', 'fw', 'fw_version', 'fwVersion', 'firmware_version', 'firmwareVersion', 'fw_ver'],
    'device.firmware',
    'string',
  ],
  [['model', 'device_model', 'hw', 'hardware'], 'device.model.name', 'string'],
  [['manufacturer', 'vendor'], 'device.manufacturer', 'string'],
  [
    ['battery', 'bat', 'batt', 'battery_pct', 'batteryPct', 'battery_level', 'batteryLevel', 'soc'],
    'device.battery.pct',
    'number',
  ],
  [['battery_v', 'voltage', 'vbat', 'batt_v'], 'device.battery.voltage', 'number'],
  [['temperature', 'temp', 'temp_c', 'temperature_c', 'tempC', 't_c'], 'device.temperature.c', 'number'],
  [['humidity', 'hum', 'rh', 'humidity_pct'], 'device.humidity.pct', 'number'],
  [['rssi', 'signal', 'signal_dbm'], 'device.signal.rssi', 'number'],
  [['altitude', 'alt'], 'geo.altitude', 'number'],
  [['speed', 'velocity'], 'device.speed', 'number'],
  [['heart_rate', 'hr', 'bpm'], 'device.heart_rate.bpm', 'number'],
];

function toNumber(v: JsonValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:%|c|C|°C|dBm|V|v)?\s*$/.exec(v);
    return m === null ? undefined : Number(m[1]);
  }
  return undefined;
}

function takeLocation(rec: { [key: string]: JsonValue }): { lat: number; lon: number } | undefined {
  const loc = rec.location ?? rec.loc ?? rec.gps ?? rec.position ?? rec.geo;
  let lat: number | undefined;
  let lon: number | undefined;
  if (isObject(loc)) {
    lat = toNumber(loc.lat ?? loc.latitude ?? null);
    lon = toNumber(loc.lon ?? loc.lng ?? loc.longitude ?? null);
  } else if (typeof loc === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(loc);
    if (m !== null) {
      lat = Number(m[1]);
      lon = Number(m[2]);
    }
  } else if (Array.isArray(loc) && loc.length === 2) {
    // GeoJSON order: [lon, lat]
    lon = toNumber(loc[0] as JsonValue);
    lat = toNumber(loc[1] as JsonValue);
  }
  if (lat === undefined || lon === undefined) {
    lat = toNumber(rec.lat ?? rec.latitude ?? null);
    lon = toNumber(rec.lon ?? rec.lng ?? rec.long ?? rec.longitude ?? null);
    if (lat === undefined || lon === undefined) return undefined;
    for (const k of ['lat', 'latitude', 'lon', 'lng', 'long', 'longitude']) delete rec[k];
  } else for (const k of ['location', 'loc', 'gps', 'position', 'geo']) if (rec[k] === loc) delete rec[k];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon };
}

/** Move telemetry aliases of `rec` into ECS device fields on `doc` (keys consumed). */
export function mapTelemetry(rec: { [key: string]: JsonValue }, doc: LogDocument): void {
  const fahrenheit = toNumber(rec.temp_f ?? rec.temperature_f ?? rec.tempF ?? null);
  for (const [aliases, field, kind] of ALIASES) {
    for (const alias of aliases) {
      const v = rec[alias];
      if (v === undefined || v === null || isObject(v)) continue;
      if (kind === 'number') {
        const n = toNumber(v);
        if (n === undefined) continue;
        setField(doc, field, n);
      } else setField(doc, field, String(v));
      delete rec[alias];
      break;
    }
  }
  if (fahrenheit !== undefined && getField(doc, 'device.temperature.c') === undefined) {
    setField(doc, 'device.temperature.c', Math.round((((fahrenheit - 32) * 5) / 9) * 100) / 100);
    for (const k of ['temp_f', 'temperature_f', 'tempF']) delete rec[k];
  }
  const loc = takeLocation(rec);
  if (loc !== undefined) setField(doc, 'geo.location', loc);
}

export function parseIot(line: string, ctx: LineContext): LogDocument {
  let rec: { [key: string]: JsonValue } | undefined;
  let stamp: string | undefined;
  let yearInferred = false;
  const trimmed = line.trimStart();
  if (trimmed.startsWith('{')) {
    const r = safeJsonParse(trimmed, 1_048_576, 64);
    if (r.ok && isObject(r.value)) rec = r.value;
  } else {
    const ts = findTimestamp(line, ctx.timezone, ctx.now);
    const body = ts === undefined || ts.prefix !== undefined ? line : line.slice(ts.end);
    rec = logfmtRecord(body.replace(/^[\s\-|:,]+/, ''));
    if (ts !== undefined && ts.prefix === undefined) {
      stamp = new Date(ts.ms).toISOString();
      yearInferred = ts.yearInferred;
    }
  }
  if (rec === undefined) return { message: line, tags: ['_grokparsefailure'], event: { dataset: 'iot' } };
  const telemetry: LogDocument = {};
  mapTelemetry(rec, telemetry);
  const doc = mapAppRecord(rec, ctx.timezone, ctx.now);
  for (const [k, v] of Object.entries(telemetry)) {
    const existing = doc[k];
    if (isObject(existing) && isObject(v)) for (const [kk, vv] of Object.entries(v)) setField(doc, `${k}.${kk}`, vv);
    else doc[k] = v;
  }
  if (stamp !== undefined && doc['@timestamp'] === undefined) {
    doc['@timestamp'] = stamp;
    if (yearInferred) addTag(doc, '_timestamp_year_inferred');
  }
  if (doc.message === undefined) doc.message = line;
  if (getField(doc, 'event.dataset') === undefined) setField(doc, 'event.dataset', 'iot');
  return doc;
}

export const iotPipeline = {
  name: 'iot',
  description:
    'Device telemetry (JSON or key=value) → device.id, device.firmware, device.battery.pct, device.temperature.c, geo.location; event.dataset iot',
  parser: parseIot,
};
