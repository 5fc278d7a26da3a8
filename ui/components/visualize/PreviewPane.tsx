/**
 * The editor's live preview: the last valid visualization drawn by PanelView inside PanelFrame
 * (the DOM contract's `data-testid="panel"` with its state), the previous answer kept while the
 * next loads; an invalid one says it is not previewed until fixed.
 */
import type { VisualizeEditorState } from '../../lib/visualize/use-visualize-editor.ts';
import { PanelFrame } from '../viz/PanelFrame.tsx';
import { PanelView } from '../viz/PanelView.tsx';

export function PreviewPane({
  editor,
}: {
  editor: Pick<VisualizeEditorState, 'viz' | 'preview' | 'validation' | 'setTime'>;
}) {
  const { preview, viz } = editor;
  return (
    <div className="viz-preview" data-testid="viz-preview">
      <PanelFrame
        panelId={viz.id}
        title={viz.title || 'Untitled'}
        state={preview.state}
        error={preview.error}
        badge={viz.time ? `${viz.time.from} → ${viz.time.to}` : viz.timeShift ? `shifted ${viz.timeShift}` : undefined}
        menu={
          preview.state === 'error' ? (
            <button type="button" onClick={preview.retry} data-testid="preview-retry">
              Retry
            </button>
          ) : undefined
        }
      >
        {preview.panel ? (
          <PanelView
            panel={preview.panel}
            answer={preview.answer}
            height={360}
            onBrush={(from, to) => editor.setTime({ from, to })}
          />
        ) : null}
      </PanelFrame>
      {!editor.validation.ok ? (
        <p className="muted" data-testid="preview-invalid">
          Not previewed until the errors beside the form are fixed.
        </p>
      ) : null}
    </div>
  );
}
