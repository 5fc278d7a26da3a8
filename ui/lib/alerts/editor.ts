/**
 * The rule editor's state steps, pure (the hook in use-rule-editor.ts holds them in React state):
 * what a change does to the form, which errors show, what the preview asks for, and what a failed
 * save shows. The form ↔ rule mapping and its validation are form.ts.
 */
import { type ActionForm, type FormErrors, formToRule, issuesToErrors, type RuleForm, validateForm } from './form.ts';
import type { Issue } from './types.ts';

/** The form with `patch` applied. */
export function applyPatch(form: RuleForm, patch: Partial<RuleForm>): RuleForm {
  return { ...form, ...patch };
}

/** The keys the user has touched once `patch` is applied. */
export function touchedBy(touched: ReadonlySet<string>, patch: Partial<RuleForm>): ReadonlySet<string> {
  return new Set([...touched, ...Object.keys(patch)]);
}

/** The actions with action `i` changed by `patch`. */
export function patchAction(actions: readonly ActionForm[], i: number, patch: Partial<ActionForm>): ActionForm[] {
  return actions.map((a, j) => (j === i ? ({ ...a, ...patch } as ActionForm) : a));
}

/** The actions without action `i`. */
export function removeAction(actions: readonly ActionForm[], i: number): ActionForm[] {
  return actions.filter((_, j) => j !== i);
}

/** The errors to show: the server's first, the form's own over them where it has one. */
export function shownErrors(serverErrors: FormErrors, visible: FormErrors): FormErrors {
  return { ...serverErrors, ...visible };
}

/**
 * What the preview asks the server for, as a stable key (the rule JSON), or null while the form
 * is not valid yet. The preview needs everything except the name and the actions.
 */
export function previewKey(form: RuleForm): string | null {
  const previewForm: RuleForm = { ...form, name: form.name.trim() === '' ? 'preview' : form.name, actions: [] };
  return Object.keys(validateForm(previewForm)).length === 0 ? JSON.stringify(formToRule(previewForm)) : null;
}

/** A failed save: the server's validation issues by field, or the error itself to show. */
export function saveFailure(
  issues: readonly Issue[],
  error: unknown,
): { serverErrors: FormErrors } | { error: unknown } {
  return issues.length > 0 ? { serverErrors: issuesToErrors(issues) } : { error };
}
