'use client';
/**
 * The rule editor's state and save flow (create and edit): the form, which errors show, the live
 * preview (fetched once the form is valid and has been still for 400 ms), the field list for
 * autocomplete, and saving. The steps are pure in editor.ts; components/alerts/rule-editor/*
 * render it.
 */
import { validateKql } from '@driftwood/core';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { api } from '../discover/api.ts';
import { useFetch } from '../use-fetch.ts';
import { useDebounced } from '../use-timers.ts';
import { alertsApi, issuesOf } from './api.ts';
import { applyPatch, patchAction, previewKey, removeAction, saveFailure, shownErrors, touchedBy } from './editor.ts';
import {
  type ActionForm,
  emptyAction,
  emptyForm,
  type FormErrors,
  formFromRule,
  formToRule,
  type RuleForm,
  validateForm,
  visibleErrors,
} from './form.ts';
import type { Rule } from './types.ts';

export interface RuleEditorOptions {
  /** The stored rule when editing; absent when creating. */
  rule?: Rule;
  onSaved?: (rule: Rule) => void;
}

export function useRuleEditor({ rule, onSaved }: RuleEditorOptions) {
  const router = useRouter();
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : emptyForm()));
  const [serverErrors, setServerErrors] = useState<FormErrors>({});
  const [saveError, setSaveError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  /** Form keys the user changed; with `submitted` (or when editing) every error shows. */
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(rule !== undefined);

  const errors = useMemo(() => validateForm(form), [form]);
  const shown = shownErrors(serverErrors, visibleErrors(errors, touched, submitted));
  const kql = useMemo(() => validateKql(form.query), [form.query]);

  const update = (patch: Partial<RuleForm>) => {
    setForm((f) => applyPatch(f, patch));
    setTouched((t) => touchedBy(t, patch));
    setSaved(false);
    setServerErrors({});
  };
  const actions = {
    add: (type: ActionForm['type']) => update({ actions: [...form.actions, emptyAction(type)] }),
    change: (i: number, patch: Partial<ActionForm>) => update({ actions: patchAction(form.actions, i, patch) }),
    remove: (i: number) => update({ actions: removeAction(form.actions, i) }),
  };

  const wanted = previewKey(form);
  const asked = useDebounced(wanted, 400);
  const preview = useFetch(asked, (signal) =>
    alertsApi.preview(JSON.parse(asked ?? '{}') as Record<string, unknown>, signal),
  );
  const fields = useFetch('fields', (signal) => api.fields(signal));

  const save = async () => {
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      if (rule) {
        const res = await alertsApi.update(rule.id, formToRule(form, { forPatch: true }));
        setSaved(true);
        onSaved?.(res.rule);
      } else {
        const res = await alertsApi.create(formToRule(form));
        router.push(`/alerts/${encodeURIComponent(res.rule.id)}`);
      }
    } catch (error) {
      const failure = saveFailure(issuesOf(error), error);
      if ('serverErrors' in failure) setServerErrors(failure.serverErrors);
      else setSaveError(failure.error);
    } finally {
      setSaving(false);
    }
  };

  return {
    editing: rule !== undefined,
    form,
    update,
    actions,
    /** Every error of the form, shown or not (saving is blocked while there is one). */
    errors,
    /** The errors to show now. */
    shown,
    serverErrors,
    kql,
    fields: fields.data?.fields ?? [],
    preview: {
      data: preview.data?.preview,
      /** Fetching, or the form changed since the shown preview was asked for. */
      loading: preview.loading || asked !== wanted,
      /** The preview's failure, once it is for the current form. */
      error: asked === wanted ? preview.error : undefined,
      retry: preview.retry,
    },
    save,
    saving,
    saved,
    saveError,
    submitted,
  };
}

export type RuleEditorState = ReturnType<typeof useRuleEditor>;
