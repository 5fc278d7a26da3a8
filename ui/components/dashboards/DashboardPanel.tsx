'use client';
/**
 * One panel on a dashboard: idle until scrolled into view (IntersectionObserver), then its query
 * through the dashboard's queue (at most PANEL_CONCURRENCY at once). A new key (time, query,
 * filters, controls, the panel itself, a refresh) cancels the request in flight and loads again;
 * its own spinner and error never touch the other panels. The menu: Open in Discover, Edit, Remove.
 */
import type { DashboardPanel as Panel } from '@driftwood/core';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { queryPanel } from '../../lib/dashboards/api.ts';
import type { PanelAnswer, PanelQueryBody } from '../../lib/dashboards/contract.ts';
import type { EarlyQueries } from '../../lib/dashboards/early-queries.ts';
import { panelNeedsQuery } from '../../lib/dashboards/panel-query.ts';
import type { TaskQueue } from '../../lib/dashboards/queue.ts';
import { shortRange } from '../../lib/dashboards/time-label.ts';
import { describeRange } from '../../lib/discover/time.ts';
import { PanelFrame, type PanelState } from '../viz/PanelFrame.tsx';
import { PanelView } from '../viz/PanelView.tsx';
import { chartHeight } from './DashboardGrid.tsx';

interface Props {
  panel: Panel;
  body: PanelQueryBody;
  /** Changes exactly when the answer may (panel-query.ts panelKey). */
  loadKey: string;
  queue: TaskQueue;
  /** Queries the dashboard started before this panel mounted, by load key (early-queries.ts). */
  early?: EarlyQueries<PanelAnswer>;
  editing: boolean;
  canEdit: boolean;
  discoverHref: string;
  onFilter: (kql: string, label: string) => void;
  onBrush: (fromIso: string, toIso: string) => void;
  onEdit: () => void;
  onRemove: () => void;
}

/** Whether an element has been on screen (or near it) once. */
function useSeen(ref: React.RefObject<HTMLElement | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: '100px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

export function DashboardPanel(props: Props) {
  const { panel, body, loadKey, queue } = props;
  const ref = useRef<HTMLDivElement>(null);
  const seen = useSeen(ref);
  const needsQuery = panelNeedsQuery(panel);
  const [load, setLoad] = useState<{ state: PanelState; answer?: PanelAnswer; error?: unknown }>({
    state: needsQuery ? 'idle' : 'ready',
  });
  const bodyRef = useRef(body);
  bodyRef.current = body;

  // biome-ignore lint/correctness/useExhaustiveDependencies: loadKey stands for the body
  useEffect(() => {
    if (!needsQuery) {
      setLoad({ state: 'ready' });
      return;
    }
    if (!seen) return;
    const controller = new AbortController();
    setLoad((l) => ({ state: 'loading', answer: l.answer }));
    const started = props.early?.take(loadKey);
    (started ?? queue.run((signal) => queryPanel(bodyRef.current, signal), controller.signal)).then(
      (answer) => {
        if (!controller.signal.aborted) setLoad({ state: 'ready', answer });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad((l) => ({ state: 'error', answer: l.answer, error }));
      },
    );
    return () => controller.abort();
  }, [loadKey, seen, needsQuery, queue]);

  const badge = panel.time ? (
    <span
      className="panel-time-badge"
      data-testid="panel-time-badge"
      title={`Its own time range: ${describeRange(panel.time.from, panel.time.to)}`}
    >
      {shortRange(panel.time.from, panel.time.to)}
    </span>
  ) : undefined;

  return (
    <PanelFrame
      ref={ref}
      panelId={panel.id}
      title={panel.title}
      state={load.state}
      error={load.error}
      badge={badge}
      menu={<PanelMenu {...props} />}
    >
      <PanelView
        panel={body.panel}
        answer={load.answer}
        onFilter={props.onFilter}
        onBrush={props.onBrush}
        height={chartHeight(panel.grid.h)}
      />
    </PanelFrame>
  );
}

function PanelMenu({ discoverHref, editing, canEdit, onEdit, onRemove, panel }: Props) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent): void => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <span className="panel-menu" ref={rootRef}>
      <button
        type="button"
        className="panel-menu-button"
        data-testid="panel-menu"
        aria-label={`Menu of ${panel.title}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open ? (
        <span className="panel-menu-items" role="menu">
          <Link href={discoverHref} role="menuitem" data-testid="panel-open-discover" onClick={() => setOpen(false)}>
            Open in Discover
          </Link>
          {canEdit ? (
            <button
              type="button"
              role="menuitem"
              data-testid="panel-edit"
              onClick={() => {
                setOpen(false);
                onEdit();
              }}
            >
              Edit
            </button>
          ) : null}
          {editing ? (
            <button
              type="button"
              role="menuitem"
              data-testid="panel-remove"
              onClick={() => {
                setOpen(false);
                onRemove();
              }}
            >
              Remove
            </button>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}
