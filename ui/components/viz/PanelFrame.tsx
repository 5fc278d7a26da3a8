'use client';
/**
 * The frame every panel sits in, on a dashboard and in the Visualize preview: its title, a menu
 * slot (the page's buttons), and the states of the DOM contract (ui/lib/dashboards/contract.ts):
 * `data-testid="panel"`, `data-panel-id`, `data-state` idle | loading | ready | error, a spinner
 * while loading and `data-testid="panel-error"` with the error text.
 */
import type { ReactNode, Ref } from 'react';
import { errorMessage } from '../../lib/http.ts';
import { Spinner } from '../common/Spinner.tsx';

export type PanelState = 'idle' | 'loading' | 'ready' | 'error';

export interface PanelFrameProps {
  panelId: string;
  title: string;
  state: PanelState;
  /** The error shown when `state` is `error` (an ApiError, an Error or a message). */
  error?: unknown;
  /** The page's controls for the panel (menu, open in Discover, remove …), drawn in the title bar. */
  menu?: ReactNode;
  /** A note beside the title (time override, time shift). */
  badge?: ReactNode;
  /** The panel's view (usually a PanelView); kept on screen while a refresh loads. */
  children?: ReactNode;
  className?: string;
  /** The root element (for IntersectionObserver: load when scrolled into view). */
  ref?: Ref<HTMLDivElement>;
}

export function PanelFrame({ panelId, title, state, error, menu, badge, children, className, ref }: PanelFrameProps) {
  return (
    <section
      ref={ref as Ref<HTMLElement>}
      className={`viz-panel${className ? ` ${className}` : ''}`}
      data-testid="panel"
      data-panel-id={panelId}
      data-state={state}
      aria-busy={state === 'loading'}
    >
      <header className="viz-panel-head">
        <h3 className="viz-panel-title" title={title}>
          {title}
        </h3>
        {badge ? <span className="viz-panel-badge">{badge}</span> : null}
        <span className="spacer" />
        {menu ? <span className="viz-panel-menu">{menu}</span> : null}
      </header>
      {state === 'loading' ? <Spinner testId="panel-spinner" /> : null}
      <div className="viz-panel-body">
        {state === 'error' ? (
          <div className="viz-panel-error" role="alert" data-testid="panel-error">
            {errorMessage(error ?? 'The panel failed')}
          </div>
        ) : (
          children
        )}
      </div>
    </section>
  );
}
