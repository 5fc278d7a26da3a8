/**
 * The breakdowns (up to three, outermost first): date histogram (auto or a fixed interval), terms
 * (field, size, Other, (missing)), filters (a KQL per bucket), numeric histogram (field, interval).
 */
import { MAX_PANEL_BUCKETS, type PanelBucket } from '@driftwood/core';
import {
  addBucket,
  BUCKET_TYPES,
  type BucketType,
  canAddBucket,
  type EditorState,
  type FieldLike,
  fieldsForBucket,
  moveBucket,
  removeBucket,
  setBucketType,
  updateBucket,
} from '../../../lib/visualize/model.ts';
import { errorsFor, type FormError } from '../../../lib/visualize/validate.ts';
import { Errors } from './Errors.tsx';
import { FieldSelect } from './FieldSelect.tsx';

const INTERVALS = ['auto', '1m', '5m', '15m', '30m', '1h', '3h', '12h', '1d', '1w'];

interface Props {
  state: EditorState;
  buckets: readonly PanelBucket[];
  fields: readonly FieldLike[];
  errors: readonly FormError[];
  edit: (f: (s: EditorState) => EditorState) => void;
}

function BucketSettings({
  bucket,
  index,
  fields,
  edit,
}: {
  bucket: PanelBucket;
  index: number;
  fields: readonly FieldLike[];
  edit: Props['edit'];
}) {
  const set = (patch: Record<string, unknown>) => edit((s) => updateBucket(s, index, patch));
  switch (bucket.type) {
    case 'date_histogram': {
      const value = bucket.interval ?? 'auto';
      const options = INTERVALS.includes(value) ? INTERVALS : [...INTERVALS, value];
      return (
        <label className="viz-inline">
          <span>Interval</span>
          <select
            value={value}
            data-testid="bucket-interval"
            onChange={(e) => set({ interval: e.target.value === 'auto' ? undefined : e.target.value })}
          >
            {options.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      );
    }
    case 'terms':
      return (
        <>
          <FieldSelect
            value={bucket.field}
            fields={fieldsForBucket('terms', fields)}
            testId="bucket-field"
            onChange={(field) => set({ field })}
          />
          <label className="viz-inline">
            <span>Size</span>
            <input
              type="number"
              min={1}
              max={1000}
              value={bucket.size}
              data-testid="bucket-size"
              onChange={(e) => set({ size: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
          </label>
          <label className="viz-check">
            <input
              type="checkbox"
              checked={bucket.other === true}
              data-testid="bucket-other"
              onChange={(e) => set({ other: e.target.checked || undefined })}
            />
            Other
          </label>
          <label className="viz-check">
            <input
              type="checkbox"
              checked={bucket.missing === true}
              data-testid="bucket-missing"
              onChange={(e) => set({ missing: e.target.checked || undefined })}
            />
            (missing)
          </label>
        </>
      );
    case 'filters':
      return (
        <div className="viz-filters">
          {bucket.filters.map((f, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: filters are edited in place, keys may repeat while typed
            <div className="viz-filter" key={j} data-testid="bucket-filter">
              <input
                value={f.key}
                aria-label="Bucket name"
                placeholder="name"
                data-testid="bucket-filter-key"
                onChange={(e) =>
                  set({ filters: bucket.filters.map((x, k) => (k === j ? { ...x, key: e.target.value } : x)) })
                }
              />
              <input
                value={f.query}
                aria-label="Bucket KQL"
                placeholder="KQL (empty: all events)"
                className="mono"
                data-testid="bucket-filter-query"
                onChange={(e) =>
                  set({ filters: bucket.filters.map((x, k) => (k === j ? { ...x, query: e.target.value } : x)) })
                }
              />
              <button
                type="button"
                className="icon"
                aria-label="Remove filter"
                disabled={bucket.filters.length <= 1}
                onClick={() => set({ filters: bucket.filters.filter((_, k) => k !== j) })}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            data-testid="add-bucket-filter"
            disabled={bucket.filters.length >= 20}
            onClick={() => set({ filters: [...bucket.filters, { key: `f${bucket.filters.length + 1}`, query: '' }] })}
          >
            + Add filter
          </button>
        </div>
      );
    case 'histogram':
      return (
        <>
          <FieldSelect
            value={bucket.field}
            fields={fieldsForBucket('histogram', fields)}
            testId="bucket-field"
            onChange={(field) => set({ field })}
          />
          <label className="viz-inline">
            <span>Interval</span>
            <input
              type="number"
              min={0}
              step="any"
              value={Number.isFinite(bucket.interval) ? bucket.interval : ''}
              data-testid="bucket-histogram-interval"
              onChange={(e) => set({ interval: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
          </label>
        </>
      );
  }
}

export function BucketsSection({ state, buckets, fields, errors, edit }: Props) {
  return (
    <section className="viz-section" data-testid="buckets-section">
      <h3>
        Breakdowns <span className="muted">(up to {MAX_PANEL_BUCKETS}, outermost first)</span>
      </h3>
      <Errors errors={errorsFor(errors, 'buckets', null)} />
      {buckets.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a breakdown's place is its identity
        <div className="viz-item" key={i} data-testid="bucket" data-bucket-type={b.type}>
          <label className="viz-inline">
            <span>Type</span>
            <select
              value={b.type}
              data-testid="bucket-type"
              onChange={(e) => edit((s) => setBucketType(s, i, e.target.value as BucketType, fields))}
            >
              {BUCKET_TYPES.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <BucketSettings bucket={b} index={i} fields={fields} edit={edit} />
          <span className="viz-item-tools">
            <button
              type="button"
              className="icon"
              title="Move out"
              aria-label="Move out"
              disabled={i === 0}
              onClick={() => edit((s) => moveBucket(s, i, -1))}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon"
              title="Move in"
              aria-label="Move in"
              disabled={i === buckets.length - 1}
              onClick={() => edit((s) => moveBucket(s, i, 1))}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon"
              title="Remove breakdown"
              aria-label="Remove breakdown"
              data-testid="remove-bucket"
              onClick={() => edit((s) => removeBucket(s, i))}
            >
              ×
            </button>
          </span>
          <Errors errors={errorsFor(errors, 'buckets', i)} />
        </div>
      ))}
      <button
        type="button"
        data-testid="add-bucket"
        disabled={!canAddBucket(state)}
        onClick={() => edit((s) => addBucket(s, 'terms'))}
      >
        + Add breakdown
      </button>
    </section>
  );
}
