'use client';
/**
 * /dashboards/{id}: loads the dashboard, keeps its view state in the URL (view-state.ts) and an
 * edited copy in memory; wires the time picker, query bar, filter bar and controls (one for every
 * panel) and the grids of each section to the panels. Decisions live in lib/dashboards/*.
 */
import type { Dashboard, DashboardFilter } from '@driftwood/core';
import { validateKql } from '@driftwood/core';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type DashboardRecord,
  dashboardExportUrl,
  getDashboard,
  queryPanel,
  saveDashboard,
} from '../../lib/dashboards/api.ts';
import { PANEL_CONCURRENCY, type PanelAnswer } from '../../lib/dashboards/contract.ts';
import { EarlyQueries, inFirstScreen } from '../../lib/dashboards/early-queries.ts';
import { applyPanelEdit, removePanel, replacePanel } from '../../lib/dashboards/edit.ts';
import { addFilter, type ControlValue, clickFilter, controlsToKql } from '../../lib/dashboards/filters.ts';
import { applyGridLayout, DEFAULT_COLUMNS, groupPanels, setSectionCollapsed } from '../../lib/dashboards/layout.ts';
import { panelBody, panelKey, panelNeedsQuery } from '../../lib/dashboards/panel-query.ts';
import { createTaskQueue } from '../../lib/dashboards/queue.ts';
import { type DashboardView, decodeView, viewToSearch } from '../../lib/dashboards/view-state.ts';
import { api } from '../../lib/discover/api.ts';
import { resolveRange, zoomExpressions } from '../../lib/discover/time.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { usePrivilege } from '../../lib/use-me.ts';
import { useInterval } from '../../lib/use-timers.ts';
import { panelDiscoverUrl } from '../../lib/viz/discover-link.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { QueryBar } from '../discover/QueryBar.tsx';
import { TimePicker } from '../discover/TimePicker.tsx';
import { ControlsBar } from './ControlsBar.tsx';
import { DashboardFilterBar } from './DashboardFilterBar.tsx';
import { DashboardGrid } from './DashboardGrid.tsx';
import { DashboardPanel } from './DashboardPanel.tsx';
import { PanelEditDialog } from './PanelEditDialog.tsx';

/** The dashboard `id`: `initial` when the page's server component found it, else fetched. */
export function DashboardPage({ id, initial }: { id: string; initial?: DashboardRecord }) {
  const loaded = useFetch(initial ? null : `dashboard:${id}`, (signal) => getDashboard(id, signal));
  // rendered in the browser only: the body reads the clock, the window and the signed-in user, so
  // a server rendering of it would not match the first client rendering (React error 418)
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <Spinner testId="loading" />;
  if (initial) return <DashboardBody key={id} record={initial} />;
  if (loaded.error && !loaded.data) {
    return (
      <div className="dashboard-page">
        <ErrorMessage error={loaded.error} onRetry={loaded.retry} />
      </div>
    );
  }
  if (!loaded.data) return <Spinner testId="loading" />;
  return <DashboardBody key={id} record={loaded.data} />;
}

function DashboardBody({ record: initial }: { record: DashboardRecord }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const write = usePrivilege('write');

  const [record, setRecord] = useState(initial);
  const [draft, setDraft] = useState<Dashboard>(initial.dashboard);
  const savedJson = useMemo(() => JSON.stringify(record.dashboard), [record]);
  const dirty = JSON.stringify(draft) !== savedJson;
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [editPanel, setEditPanel] = useState<string>();
  /** Sections opened or closed while viewing (not saved); editing writes `collapsed` into the draft. */
  const [viewCollapsed, setViewCollapsed] = useState<Record<string, boolean>>({});

  // the URL's defaults are the saved dashboard's (a shared link means the same on every machine)
  const defaults = record.dashboard;
  const view = useMemo(() => decodeView(new URLSearchParams(search), defaults), [search, defaults]);
  const update = useCallback(
    (patch: Partial<DashboardView>) => {
      router.push(`${pathname}${viewToSearch({ ...view, ...patch }, defaults)}`, { scroll: false });
    },
    [router, pathname, view, defaults],
  );

  const [nonce, setNonce] = useState(0);
  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  useInterval(view.refreshMs, refresh);
  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce re-resolves relative times
  const resolved = useMemo(() => resolveRange(view.from, view.to, new Date()), [view.from, view.to, nonce]);
  const range = resolved.ok ? resolved.range : undefined;
  const fields = useFetch('fields', (signal) => api.fields(signal));
  const queue = useMemo(() => createTaskQueue(PANEL_CONCURRENCY), []);
  const early = useMemo(() => new EarlyQueries<PanelAnswer>(), []);
  const queryOk = useMemo(() => validateKql(view.query).ok, [view.query]);

  const columns = draft.columns ?? DEFAULT_COLUMNS;
  const controls = draft.controls ?? [];
  const groups = groupPanels(draft);
  const extra = useMemo(() => controlsToKql(controls, view.controls), [controls, view.controls]);

  const setFilters = (filters: DashboardFilter[]) => update({ filters });
  const onFilter = useCallback(
    (kql: string, label: string) => update({ filters: addFilter(view.filters, clickFilter(kql, label)) }),
    [update, view.filters],
  );
  const onBrush = useCallback(
    (fromIso: string, toIso: string) => update(zoomExpressions(Date.parse(fromIso), Date.parse(toIso) + 1)),
    [update],
  );
  const onControl = (field: string, value: ControlValue | undefined) => {
    const next = { ...view.controls };
    if (value) next[field] = value;
    else delete next[field];
    update({ controls: next });
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await saveDashboard(draft);
      setRecord(saved);
      setDraft(saved.dashboard);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  // the first screenful's panels are asked at once, not after the grid has measured itself (early-queries.ts)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the dashboard as it opens
  useEffect(() => {
    if (!queryOk || !resolved.ok || editing) return;
    const first = groups.find((g) => g.panels.length > 0 && !isCollapsed(g.section?.id ?? '', g.section?.collapsed));
    for (const panel of inFirstScreen(first?.panels ?? [], window.innerHeight)) {
      if (!panelNeedsQuery(panel)) continue;
      const body = panelBody(panel, view, controls);
      early.start(panelKey(body, nonce), () => queue.run((signal) => queryPanel(body, signal)));
    }
  }, []);

  // leaving with unsaved changes asks first
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (e: BeforeUnloadEvent): void => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [dirty]);

  const isCollapsed = (sectionId: string, saved?: boolean): boolean =>
    editing ? saved === true : (viewCollapsed[sectionId] ?? saved === true);
  const toggleSection = (sectionId: string, collapsed: boolean) => {
    if (editing) setDraft((d) => setSectionCollapsed(d, sectionId, !collapsed));
    else setViewCollapsed((v) => ({ ...v, [sectionId]: !collapsed }));
  };

  const editingPanel = editPanel ? draft.panels.find((p) => p.id === editPanel) : undefined;

  return (
    <div className="dashboard-page" data-testid="dashboard" data-dashboard-id={draft.id}>
      <div className="dashboard-head">
        <h1 data-testid="dashboard-title">{draft.title}</h1>
        {record.provisioned ? <span className="muted">provisioned from {record.provisioned.file}</span> : null}
        {dirty ? (
          <span className="dashboard-unsaved" data-testid="unsaved-changes">
            ● Unsaved changes
          </span>
        ) : null}
        <span className="spacer" />
        <a className="button" href={dashboardExportUrl(draft.id)} download data-testid="dashboard-export">
          Export
        </a>
        {write.allowed && !editing ? (
          <button type="button" data-testid="dashboard-edit" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
        {write.allowed && editing ? (
          <button
            type="button"
            onClick={() => {
              setDraft(record.dashboard);
              setEditing(false);
              setSaveError(undefined);
            }}
            data-testid="dashboard-cancel"
          >
            {dirty ? 'Discard changes' : 'Done'}
          </button>
        ) : null}
        {write.allowed && (editing || dirty) ? (
          <button
            type="button"
            className="primary"
            disabled={!dirty || saving}
            onClick={() => void save()}
            data-testid="dashboard-save"
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
        ) : null}
      </div>
      {draft.description ? <p className="muted">{draft.description}</p> : null}
      {editing ? (
        <div className="dashboard-editing" data-testid="editing-notice">
          Editing: drag a panel by its title bar, resize it by its lower right corner; open or close a section to save
          it that way. Save keeps the layout.
        </div>
      ) : null}
      {saveError ? <ErrorMessage error={saveError} title="The dashboard was not saved" /> : null}
      <div className="topbar">
        <QueryBar
          query={view.query}
          fields={fields.data?.fields ?? []}
          range={range}
          onSubmit={(q) => {
            if (q === view.query) refresh();
            else update({ query: q });
          }}
        />
        <TimePicker
          from={view.from}
          to={view.to}
          refreshMs={view.refreshMs}
          loading={false}
          onChange={(r) => update({ from: r.from, to: r.to })}
          onRefreshChange={(ms) => update({ refreshMs: ms })}
          onRefresh={refresh}
        />
      </div>
      {!resolved.ok ? <div className="field-error">{resolved.message}</div> : null}
      <DashboardFilterBar filters={view.filters} onChange={setFilters} />
      <ControlsBar
        controls={controls}
        fields={fields.data?.fields ?? []}
        values={view.controls}
        range={range}
        onChange={onControl}
      />
      {draft.panels.length === 0 ? (
        <div className="empty dashboard-empty" data-testid="dashboard-empty">
          This dashboard has no panels yet. Build one in Visualize and add it here.
        </div>
      ) : null}
      {queryOk && resolved.ok
        ? groups.map((g) => {
            const collapsed = g.section ? isCollapsed(g.section.id, g.section.collapsed) : false;
            return (
              <div
                key={g.section?.id ?? '(top)'}
                className="dashboard-section"
                data-testid={g.section ? 'dashboard-section' : undefined}
                data-section-id={g.section?.id}
                data-collapsed={g.section ? String(collapsed) : undefined}
              >
                {g.section ? (
                  <button
                    type="button"
                    className="dashboard-section-head"
                    aria-expanded={!collapsed}
                    data-testid="section-toggle"
                    onClick={() => toggleSection(g.section?.id as string, collapsed)}
                  >
                    <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
                    {g.section.title}
                    <span className="muted" style={{ fontWeight: 400, fontSize: 12 }}>
                      {g.panels.length} {g.panels.length === 1 ? 'panel' : 'panels'}
                    </span>
                  </button>
                ) : null}
                {collapsed || g.panels.length === 0 ? null : (
                  <DashboardGrid
                    panels={g.panels}
                    columns={columns}
                    editing={editing}
                    onLayout={(layout, offset) =>
                      setDraft((d) => ({ ...d, panels: applyGridLayout(d.panels, layout, columns, offset) }))
                    }
                    renderPanel={(panel) => {
                      const body = panelBody(panel, view, controls);
                      return (
                        <DashboardPanel
                          panel={panel}
                          body={body}
                          loadKey={panelKey(body, nonce)}
                          queue={queue}
                          early={early}
                          editing={editing}
                          canEdit={write.allowed}
                          discoverHref={panelDiscoverUrl(
                            panel,
                            { query: view.query, filters: view.filters, extra },
                            { from: view.from, to: view.to },
                          )}
                          onFilter={onFilter}
                          onBrush={onBrush}
                          onEdit={() => setEditPanel(panel.id)}
                          onRemove={() => setDraft((d) => removePanel(d, panel.id))}
                        />
                      );
                    }}
                  />
                )}
              </div>
            );
          })
        : null}
      {!queryOk ? <div className="field-error">The query has a syntax error: fix it to load the panels.</div> : null}
      {editingPanel ? (
        <PanelEditDialog
          panel={editingPanel}
          onCancel={() => setEditPanel(undefined)}
          onApply={(edit) => {
            setDraft((d) => replacePanel(d, editingPanel.id, (p) => applyPanelEdit(p, edit)));
            setEditPanel(undefined);
          }}
        />
      ) : null}
    </div>
  );
}
