/** The editor's side: the live preview, what went wrong, and the save button. */
import type { RuleEditorState } from '../../../lib/alerts/use-rule-editor.ts';
import { ErrorMessage } from '../../common/ErrorMessage.tsx';
import { PreviewChart } from '../PreviewChart.tsx';

/** Shown only to a user with `write` (without it there is no form: RuleReadOnly.tsx). */
export function SidePanel({ editor }: { editor: RuleEditorState }) {
  const { preview, shown, errors } = editor;
  return (
    <div className="editor-side">
      <PreviewChart preview={preview.data} loading={preview.loading} />
      {preview.error ? <ErrorMessage error={preview.error} onRetry={preview.retry} title="The preview failed" /> : null}
      {shown.form ? (
        <div className="field-error" data-testid="error-form">
          {shown.form}
        </div>
      ) : null}
      {editor.saveError ? <ErrorMessage error={editor.saveError} title="The rule was not saved" /> : null}
      <div className="editor-buttons">
        <button type="submit" className="primary" data-testid="save-rule" disabled={editor.saving}>
          {editor.saving ? 'Saving…' : editor.editing ? 'Save changes' : 'Create rule'}
        </button>
        {editor.saved ? (
          <span className="muted" data-testid="saved">
            Saved
          </span>
        ) : null}
        {editor.submitted && Object.keys(errors).length > 0 ? (
          <span className="field-error">Fix the marked fields to save.</span>
        ) : null}
      </div>
    </div>
  );
}
