'use client';
/**
 * The Visualize editor's state and flows (issue #17): the visualization being edited (model.ts),
 * its validation (validate.ts), the editor's time range, the live preview — once the
 * visualization is valid and has been still for 300 ms, one POST /api/panels/query, the previous
 * one aborted (use-fetch.ts) — saving, and "Add to dashboard" (dashboard-add.ts).
 */
import type { DashboardTimeRange, Visualization } from '@driftwood/core';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import {
  createDashboard,
  createVisualization,
  getDashboard,
  queryPanel,
  saveDashboard,
  saveVisualization,
} from '../dashboards/api.ts';
import type { PanelQueryBody } from '../dashboards/contract.ts';
import { api } from '../discover/api.ts';
import { ApiError } from '../http.ts';
import { useFetch } from '../use-fetch.ts';
import { useDebounced, useInterval } from '../use-timers.ts';
import { appendPanel, newDashboardWith } from './dashboard-add.ts';
import { DEFAULT_EDITOR_TIME } from './from-discover.ts';
import { type EditorState, freshId, keepAutoTitle, stateOf } from './model.ts';
import { saveErrors, visualizationHref } from './save.ts';
import { validateEditor } from './validate.ts';

export const PREVIEW_DEBOUNCE_MS = 300;
const NO_FIELDS: never[] = [];

export interface VisualizeEditorOptions {
  initial: Visualization;
  /** Whether `initial` is stored (edit: PUT) or new (create: POST). */
  stored: boolean;
  time?: DashboardTimeRange;
}

export function useVisualizeEditor({ initial, stored, time: initialTime }: VisualizeEditorOptions) {
  const router = useRouter();
  const [state, setState] = useState<EditorState>(() => stateOf(initial));
  const [time, setTimeState] = useState<DashboardTimeRange>(initialTime ?? { ...DEFAULT_EDITOR_TIME });
  const [refreshMs, setRefreshMs] = useState(0);
  const [nonce, setNonce] = useState(0);
  const [isStored, setStored] = useState(stored);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<unknown>();

  const fields = useFetch('fields', (signal) => api.fields(signal));
  const fieldList = fields.data?.fields ?? NO_FIELDS;
  const validation = useMemo(() => validateEditor(state.viz, fieldList), [state.viz, fieldList]);

  const refresh = () => setNonce((n) => n + 1);
  useInterval(refreshMs, refresh);

  const body: PanelQueryBody | undefined = validation.ok ? { panel: validation.visualization, time } : undefined;
  const wanted = body ? JSON.stringify({ body, nonce }) : null;
  const asked = useDebounced(wanted, PREVIEW_DEBOUNCE_MS);
  const askedBody = useMemo(() => (asked ? (JSON.parse(asked) as { body: PanelQueryBody }).body : undefined), [asked]);
  const needsAnswer = askedBody !== undefined && askedBody.panel.type !== 'markdown';
  // the answer comes with the panel it is for: a type switch never draws an answer of another shape
  const preview = useFetch(needsAnswer ? asked : null, async (signal) => {
    const b = askedBody as PanelQueryBody;
    return { panel: b.panel, answer: await queryPanel(b, signal) };
  });

  const edit = (f: (s: EditorState) => EditorState) => {
    setState((s) => keepAutoTitle(s, f(s)));
    setSaved(false);
    setSaveError(undefined);
  };

  /** The time picker moved: the preview's range, and the panel's own when it keeps one. */
  const setTime = (range: DashboardTimeRange) => {
    setTimeState(range);
    if (state.viz.time) edit((s) => ({ ...s, viz: { ...s.viz, time: range } }));
  };

  const save = async () => {
    if (!validation.ok) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      let viz = validation.visualization;
      if (isStored) {
        await saveVisualization(viz);
      } else {
        try {
          await createVisualization(viz);
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
          viz = { ...viz, id: freshId('viz') }; // the random id was taken: one more try with another
          await createVisualization(viz);
        }
        setState((s) => ({ ...s, viz: { ...s.viz, id: viz.id } }));
        setStored(true);
        router.replace(visualizationHref(viz.id, time));
      }
      setSaved(true);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  /** Appends the panel to dashboard `target` (an id) or to a new one (`{ title }`), then opens it. */
  const addToDashboard = async (target: { id: string } | { title: string }) => {
    if (!validation.ok) return;
    setAdding(true);
    setAddError(undefined);
    try {
      const viz = validation.visualization;
      let id: string;
      if ('id' in target) {
        const { dashboard } = await getDashboard(target.id);
        const r = appendPanel(dashboard, viz);
        if (!r.ok) throw new Error(r.errors.join('\n'));
        await saveDashboard(r.dashboard);
        id = r.dashboard.id;
      } else {
        const r = newDashboardWith(target.title, viz);
        if (!r.ok) throw new Error(r.errors.join('\n'));
        await createDashboard(r.dashboard);
        id = r.dashboard.id;
      }
      router.push(`/dashboards/${encodeURIComponent(id)}`);
    } catch (error) {
      setAddError(error);
      setAdding(false);
    }
  };

  const previewState: 'loading' | 'ready' | 'error' | 'idle' = !askedBody
    ? validation.ok
      ? 'loading'
      : 'idle'
    : !needsAnswer
      ? asked === wanted
        ? 'ready'
        : 'loading'
      : asked !== wanted || preview.loading
        ? 'loading'
        : preview.error
          ? 'error'
          : preview.data
            ? 'ready'
            : 'loading';

  return {
    state,
    viz: state.viz,
    edit,
    validation,
    errors: validation.ok ? [] : validation.errors,
    fields: fieldList,
    fieldsError: fields.error,
    time,
    setTime,
    refreshMs,
    setRefreshMs,
    refresh,
    preview: {
      /** The panel to draw and its answer: the last answered (kept while the next loads), or a markdown panel. */
      panel: needsAnswer ? preview.data?.panel : askedBody?.panel,
      answer: needsAnswer ? preview.data?.answer : undefined,
      state: previewState,
      error: preview.error,
      retry: preview.retry,
    },
    stored: isStored,
    save,
    saving,
    saved,
    saveError,
    saveErrors: saveErrors(saveError),
    addToDashboard,
    adding,
    addError,
  };
}

export type VisualizeEditorState = ReturnType<typeof useVisualizeEditor>;
