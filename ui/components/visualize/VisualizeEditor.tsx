'use client';
/**
 * The Visualize editor (issue #17): chart type, metrics, breakdowns, options, title and query on
 * the left, the live preview on the right, Save and "Add to dashboard" above. State and flows:
 * lib/visualize/use-visualize-editor.ts; the edits: lib/visualize/model.ts. Without the `write`
 * privilege there is no form: the preview and the visualization as text, with one line saying why.
 */
import type { DashboardTimeRange, Visualization } from '@driftwood/core';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { readOnlyNote } from '../../lib/session.ts';
import { useMe, usePrivilege } from '../../lib/use-me.ts';
import { changeType, dataOf, describeVisualization, updateCommon, updateOptions } from '../../lib/visualize/model.ts';
import { useVisualizeEditor, type VisualizeEditorState } from '../../lib/visualize/use-visualize-editor.ts';
import { errorsFor } from '../../lib/visualize/validate.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { TimePicker } from '../discover/TimePicker.tsx';
import { AddToDashboard } from './AddToDashboard.tsx';
import { BucketsSection } from './editor/BucketsSection.tsx';
import { QuerySection, TitleSection } from './editor/DetailsSection.tsx';
import { Errors } from './editor/Errors.tsx';
import { MetricsSection } from './editor/MetricsSection.tsx';
import { OptionsSection } from './editor/OptionsSection.tsx';
import { TypePicker } from './editor/TypePicker.tsx';
import { PreviewPane } from './PreviewPane.tsx';

interface Props {
  initial: Visualization;
  stored: boolean;
  time?: DashboardTimeRange;
}

export function VisualizeEditor(props: Props) {
  const { me } = useMe();
  const write = usePrivilege('write');
  const editor = useVisualizeEditor(props);
  if (!me) return <Spinner />;
  return write.allowed ? (
    <EditorForm editor={editor} />
  ) : (
    <ReadOnly editor={editor} note={readOnlyNote(me, 'visualizations')} />
  );
}

function Toolbar({ editor, children }: { editor: VisualizeEditorState; children?: ReactNode }) {
  return (
    <div className="visualize-head">
      <Link href="/visualize" className="muted">
        ← Visualize
      </Link>
      <h1 data-testid="viz-heading">{editor.viz.title || 'Untitled'}</h1>
      <span className="spacer" />
      <TimePicker
        from={editor.time.from}
        to={editor.time.to}
        refreshMs={editor.refreshMs}
        loading={editor.preview.state === 'loading'}
        onChange={editor.setTime}
        onRefreshChange={editor.setRefreshMs}
        onRefresh={editor.refresh}
      />
      {children}
    </div>
  );
}

function ReadOnly({ editor, note }: { editor: VisualizeEditorState; note: string }) {
  const v = editor.viz;
  return (
    <div className="visualize-page" data-testid="viz-read-only">
      <Toolbar editor={editor} />
      <p className="muted" data-testid="read-only-note">
        {note}
      </p>
      <div className="visualize-grid">
        <dl className="viz-facts">
          <dt>Draws</dt>
          <dd data-testid="ro-describe">{describeVisualization(v)}</dd>
          <dt>Query</dt>
          <dd>{v.query ? <code>{v.query}</code> : <span className="muted">all events</span>}</dd>
          {v.description ? (
            <>
              <dt>Description</dt>
              <dd>{v.description}</dd>
            </>
          ) : null}
          {v.tags && v.tags.length > 0 ? (
            <>
              <dt>Tags</dt>
              <dd>{v.tags.join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <PreviewPane editor={editor} />
      </div>
    </div>
  );
}

function EditorForm({ editor }: { editor: VisualizeEditorState }) {
  const { viz, errors, edit, fields } = editor;
  const data = dataOf(viz);
  return (
    <div className="visualize-page" data-testid="viz-editor">
      <Toolbar editor={editor}>
        <AddToDashboard
          disabled={!editor.validation.ok}
          adding={editor.adding}
          error={editor.addError}
          onAdd={(target) => void editor.addToDashboard(target)}
        />
        <button
          type="button"
          className="primary"
          data-testid="save-viz"
          disabled={!editor.validation.ok || editor.saving}
          title={editor.validation.ok ? undefined : 'Fix the errors first'}
          onClick={() => void editor.save()}
        >
          {editor.saving ? 'Saving…' : editor.stored ? 'Save' : 'Save visualization'}
        </button>
        {editor.saved ? (
          <span className="muted" data-testid="viz-saved">
            Saved
          </span>
        ) : null}
      </Toolbar>
      {editor.saveError ? (
        <>
          <ErrorMessage error={editor.saveError} title="The visualization was not saved" />
          <Errors errors={editor.saveErrors.map((message) => ({ path: '(server)', message }))} testId="save-error" />
        </>
      ) : null}
      {editor.fieldsError ? <ErrorMessage error={editor.fieldsError} title="Cannot load the fields" /> : null}
      <div className="visualize-grid">
        <div className="viz-form" data-testid="viz-form">
          <section className="viz-section">
            <h3>Chart type</h3>
            <TypePicker value={viz.type} onChange={(type) => edit((s) => changeType(s, type))} />
            <Errors errors={errorsFor(errors, 'type')} />
          </section>
          {data ? (
            <>
              <MetricsSection metrics={data.metrics} fields={fields} errors={errors} edit={edit} />
              <BucketsSection state={editor.state} buckets={data.buckets} fields={fields} errors={errors} edit={edit} />
            </>
          ) : null}
          <OptionsSection
            viz={viz}
            fields={fields}
            errors={errors}
            setOptions={(patch) => edit((s) => updateOptions(s, patch))}
          />
          <QuerySection
            viz={viz}
            fields={fields}
            errors={errors}
            time={editor.time}
            update={(patch) => edit((s) => updateCommon(s, patch))}
          />
          <TitleSection viz={viz} errors={errors} update={(patch) => edit((s) => updateCommon(s, patch))} />
        </div>
        <PreviewPane editor={editor} />
      </div>
    </div>
  );
}
