'use client';
/**
 * The dashboard's controls, applied to every panel as KQL (filters.ts controlToKql): an options
 * control is a dropdown of the field's values over the dashboard's time — GET /api/fields/values
 * (the 10 most frequent values of a keyword field) or, for another aggregatable field (a number,
 * a boolean), GET /api/fields/top (its 5 most frequent) — and a range control two number inputs.
 */
import type { DashboardControl } from '@driftwood/core';
import { useEffect, useState } from 'react';
import type { ControlValue } from '../../lib/dashboards/filters.ts';
import { api, type FieldInfo } from '../../lib/discover/api.ts';
import { useFetch } from '../../lib/use-fetch.ts';

interface Props {
  controls: readonly DashboardControl[];
  /** The fields' types (GET /api/fields), to ask the right route for an options control's values. */
  fields: readonly FieldInfo[];
  values: Readonly<Record<string, ControlValue>>;
  /** The time picker's range (epoch ms), for the values offered. */
  range?: { from: number; to: number };
  onChange: (field: string, value: ControlValue | undefined) => void;
}

export function ControlsBar({ controls, fields, values, range, onChange }: Props) {
  if (controls.length === 0) return null;
  return (
    <div className="dashboard-controls" data-testid="dashboard-controls">
      {controls.map((c) =>
        c.type === 'options' ? (
          <OptionsControl
            key={`o:${c.field}`}
            control={c}
            type={fields.find((f) => f.name === c.field)?.type}
            value={values[c.field]}
            range={range}
            onChange={onChange}
          />
        ) : (
          <RangeControl key={`r:${c.field}`} control={c} value={values[c.field]} onChange={onChange} />
        ),
      )}
    </div>
  );
}

function OptionsControl({
  control,
  type,
  value,
  range,
  onChange,
}: {
  control: DashboardControl;
  /** The field's type once GET /api/fields has answered. */
  type?: string;
  value?: ControlValue;
  range?: { from: number; to: number };
  onChange: Props['onChange'];
}) {
  // whole minutes, so a refresh of "now" does not refetch the list every time
  const from = range ? Math.floor(range.from / 60_000) * 60_000 : undefined;
  const to = range ? Math.ceil(range.to / 60_000) * 60_000 : undefined;
  const route = type === undefined ? undefined : type === 'keyword' ? 'values' : 'top';
  const key = route ? `${route}:${control.field}:${from ?? ''}:${to ?? ''}` : null;
  const fetched = useFetch<{ values: string[] }>(key, async (signal) => {
    const p = new URLSearchParams({ field: control.field });
    if (from !== undefined && to !== undefined) {
      p.set('from', String(from));
      p.set('to', String(to));
    }
    if (route === 'values') return api.values(p, signal);
    const top = await api.top(p, signal);
    return { values: top.buckets.map((b) => String(b.key)) };
  });
  const chosen = value?.type === 'options' ? value.values : [];
  const offered = [...new Set([...chosen, ...(fetched.data?.values ?? [])])];
  const current = chosen.length === 1 ? (chosen[0] as string) : chosen.length > 1 ? '__many' : '';
  return (
    <label className="dashboard-control" data-testid="control" data-field={control.field}>
      {control.label}
      <select
        data-testid="control-select"
        value={current}
        onChange={(e) =>
          onChange(control.field, e.target.value === '' ? undefined : { type: 'options', values: [e.target.value] })
        }
      >
        <option value="">All</option>
        {chosen.length > 1 ? <option value="__many">{chosen.join(', ')}</option> : null}
        {offered.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function RangeControl({
  control,
  value,
  onChange,
}: {
  control: Extract<DashboardControl, { type: 'range' }>;
  value?: ControlValue;
  onChange: Props['onChange'];
}) {
  const v = value?.type === 'range' ? value : undefined;
  const [min, setMin] = useState(v?.min !== undefined ? String(v.min) : '');
  const [max, setMax] = useState(v?.max !== undefined ? String(v.max) : '');
  useEffect(() => {
    setMin(v?.min !== undefined ? String(v.min) : '');
    setMax(v?.max !== undefined ? String(v.max) : '');
  }, [v?.min, v?.max]);
  const apply = (): void => {
    const lo = min.trim() === '' ? undefined : Number(min);
    const hi = max.trim() === '' ? undefined : Number(max);
    const ok = (n: number | undefined) => n === undefined || Number.isFinite(n);
    if (!ok(lo) || !ok(hi)) return;
    onChange(
      control.field,
      lo === undefined && hi === undefined
        ? undefined
        : { type: 'range', ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) },
    );
  };
  return (
    <span className="dashboard-control" data-testid="control" data-field={control.field}>
      {control.label}
      <input
        type="number"
        aria-label={`${control.label} from`}
        data-testid="control-min"
        placeholder={control.min !== undefined ? String(control.min) : 'min'}
        min={control.min}
        max={control.max}
        value={min}
        onChange={(e) => setMin(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
      />
      –
      <input
        type="number"
        aria-label={`${control.label} to`}
        data-testid="control-max"
        placeholder={control.max !== undefined ? String(control.max) : 'max'}
        min={control.min}
        max={control.max}
        value={max}
        onChange={(e) => setMax(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
      />
    </span>
  );
}
