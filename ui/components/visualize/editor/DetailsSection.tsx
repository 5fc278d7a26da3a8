/** Title, description, tags, the panel's KQL (Discover's QueryBar), its time shift and kept time range. */
import type { DashboardTimeRange, Visualization } from '@driftwood/core';
import { useEffect, useState } from 'react';
import type { FieldLike } from '../../../lib/visualize/model.ts';
import { parseTags } from '../../../lib/visualize/model.ts';
import { errorsFor, type FormError } from '../../../lib/visualize/validate.ts';
import { QueryBar } from '../../discover/QueryBar.tsx';
import { Errors } from './Errors.tsx';

type Patch = Partial<Pick<Visualization, 'title' | 'description' | 'query' | 'tags' | 'time' | 'timeShift'>>;

interface Props {
  viz: Visualization;
  fields: readonly FieldLike[];
  errors: readonly FormError[];
  time: DashboardTimeRange;
  update: (patch: Patch) => void;
}

function TagsInput({
  id,
  tags,
  onChange,
}: {
  id: string;
  tags: readonly string[];
  onChange: (tags: string[]) => void;
}) {
  const [text, setText] = useState(tags.join(', '));
  useEffect(() => setText((t) => (parseTags(t).join(',') === tags.join(',') ? t : tags.join(', '))), [tags]);
  return (
    <input
      id={id}
      value={text}
      placeholder="web, nginx"
      data-testid="viz-tags"
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseTags(e.target.value));
      }}
    />
  );
}

export function TitleSection({ viz, errors, update }: Omit<Props, 'fields' | 'time'>) {
  return (
    <section className="viz-section" data-testid="details-section">
      <label className="viz-block">
        <span>Title</span>
        <input value={viz.title} data-testid="viz-title" onChange={(e) => update({ title: e.target.value })} />
      </label>
      <Errors errors={errorsFor(errors, 'title')} />
      <label className="viz-block">
        <span>Description</span>
        <textarea
          rows={2}
          value={viz.description ?? ''}
          data-testid="viz-description"
          onChange={(e) => update({ description: e.target.value })}
        />
      </label>
      <Errors errors={errorsFor(errors, 'description')} />
      <div className="viz-block">
        <label htmlFor="viz-tags">Tags (comma-separated)</label>
        <TagsInput id="viz-tags" tags={viz.tags ?? []} onChange={(tags) => update({ tags })} />
      </div>
      <Errors errors={errorsFor(errors, 'tags')} />
    </section>
  );
}

export function QuerySection({ viz, fields, errors, time, update }: Props) {
  return (
    <section className="viz-section" data-testid="query-section">
      <h3>Query</h3>
      <QueryBar query={viz.query ?? ''} fields={fields} onSubmit={(query) => update({ query })} />
      <Errors errors={errorsFor(errors, 'query')} />
      <div className="viz-options">
        <label className="viz-check">
          <input
            type="checkbox"
            checked={viz.time !== undefined}
            data-testid="keep-time"
            onChange={(e) => update({ time: e.target.checked ? time : undefined })}
          />
          Keep this time range with the panel (it then overrides a dashboard's)
        </label>
        <label className="viz-inline">
          <span>Time shift</span>
          <input
            value={viz.timeShift ?? ''}
            placeholder="none (1d, 1w)"
            data-testid="viz-time-shift"
            onChange={(e) => update({ timeShift: e.target.value.trim() || undefined })}
          />
        </label>
      </div>
      <Errors errors={errorsFor(errors, 'time')} />
    </section>
  );
}
