'use client';
/**
 * The rule form (create and edit) with a live preview: every change re-validates (KQL inline,
 * as Discover does) and, once the form is valid and has been still for a moment, re-draws the
 * preview chart. State and saving: lib/alerts/use-rule-editor.ts; decisions: lib/alerts/form.ts
 * and editor.ts; the sections: rule-editor/*. This file composes them. Without the `write`
 * privilege the form is read-only (the fields and the save button disabled, saying why).
 */
import type { Rule } from '../../lib/alerts/types.ts';
import { useRuleEditor } from '../../lib/alerts/use-rule-editor.ts';
import { usePrivilege } from '../../lib/use-me.ts';
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
  const write = usePrivilege('write');
  const section = { form: editor.form, errors: editor.shown, update: editor.update };
  return (
    <form
      className="rule-editor"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (write.allowed) void editor.save();
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
          disabled={!write.allowed}
          title={write.reason}
          data-testid="rule-fields"
          style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
        >
          <RuleSection {...section} />
          <ConditionSection {...section} kql={editor.kql} serverErrors={editor.serverErrors} />
          <ActionsSection {...section} actions={editor.actions} />
        </fieldset>
        <SidePanel editor={editor} write={write} />
      </div>
    </form>
  );
}
