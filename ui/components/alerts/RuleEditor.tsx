'use client';
/**
 * The rule form (create and edit) with a live preview: every change re-validates (KQL inline,
 * as Discover does) and, once the form is valid and has been still for a moment, re-draws the
 * preview chart. State and saving: lib/alerts/use-rule-editor.ts; decisions: lib/alerts/form.ts
 * and editor.ts; the sections: rule-editor/*. This file composes them.
 */
import type { Rule } from '../../lib/alerts/types.ts';
import { useRuleEditor } from '../../lib/alerts/use-rule-editor.ts';
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
        <div className="editor-form">
          <RuleSection {...section} />
          <ConditionSection {...section} kql={editor.kql} serverErrors={editor.serverErrors} />
          <ActionsSection {...section} actions={editor.actions} />
        </div>
        <SidePanel editor={editor} />
      </div>
    </form>
  );
}
