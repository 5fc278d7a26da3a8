'use client';
/**
 * The rule form (create and edit) with a live preview: every change re-validates (KQL inline,
 * as Discover does) and, once the form is valid and has been still for a moment, re-draws the
 * preview chart. State and saving: lib/alerts/use-rule-editor.ts; decisions: lib/alerts/form.ts
 * and editor.ts; the sections: rule-editor/*. This file composes them. Without the `write`
 * privilege there is no form: the rule as text (RuleReadOnly.tsx) with one line saying why.
 */
import type { Rule } from '../../lib/alerts/types.ts';
import { useRuleEditor } from '../../lib/alerts/use-rule-editor.ts';
import { readOnlyNote } from '../../lib/session.ts';
import { useMe, usePrivilege } from '../../lib/use-me.ts';
import { Spinner } from '../common/Spinner.tsx';
import { RuleReadOnly } from './RuleReadOnly.tsx';
import { ActionsSection } from './rule-editor/ActionsSection.tsx';
import { ConditionSection } from './rule-editor/ConditionSection.tsx';
import { RuleSection } from './rule-editor/RuleSection.tsx';
import { SidePanel } from './rule-editor/SidePanel.tsx';

interface Props {
  /** The stored rule when editing; absent when creating. */
  rule?: Rule;
  onSaved?: (rule: Rule) => void;
}

export function RuleEditor({ rule, onSaved }: Props) {
  const { me } = useMe();
  const write = usePrivilege('write');
  if (!me) return <Spinner />;
  if (!write.allowed) {
    const note = readOnlyNote(me, 'alert rules');
    return rule ? (
      <RuleReadOnly rule={rule} note={note} />
    ) : (
      <p className="muted" data-testid="read-only-note">
        {note}
      </p>
    );
  }
  return <RuleForm rule={rule} onSaved={onSaved} />;
}

/** The form itself, for a user with `write`. */
function RuleForm({ rule, onSaved }: Props) {
  const editor = useRuleEditor({ rule, onSaved });
  const section = { form: editor.form, errors: editor.shown, update: editor.update };
  return (
    <form
      className="rule-editor"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        void editor.save();
      }}
    >
      <datalist id="alert-fields">
        {editor.fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.type}
          </option>
        ))}
      </datalist>
      <div className="editor-grid">
        <fieldset
          className="editor-form"
          data-testid="rule-fields"
          style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
        >
          <RuleSection {...section} />
          <ConditionSection {...section} kql={editor.kql} serverErrors={editor.serverErrors} />
          <ActionsSection {...section} actions={editor.actions} />
        </fieldset>
        <SidePanel editor={editor} />
      </div>
    </form>
  );
}
