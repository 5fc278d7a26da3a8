'use client';
/**
 * One grid of panels (react-grid-layout): the dashboard's columns, rows of 30 px. Static when
 * viewing; when editing, a panel drags by its title bar and resizes by its corner handle, and the
 * new places go back through `onLayout` when a drag or resize ends.
 */
import type { DashboardPanel } from '@driftwood/core';
import type { ReactNode } from 'react';
import ReactGridLayout, { type Layout, useContainerWidth } from 'react-grid-layout';
import { ROW_HEIGHT, rowOffset, toGridLayout } from '../../lib/dashboards/layout.ts';

export const GRID_MARGIN = 8;

interface Props {
  panels: readonly DashboardPanel[];
  columns: number;
  editing: boolean;
  /** The new places, and the rows the grid was shifted up by (layout.ts rowOffset). */
  onLayout: (layout: Layout, offset: number) => void;
  renderPanel: (panel: DashboardPanel) => ReactNode;
}

export function DashboardGrid({ panels, columns, editing, onLayout, renderPanel }: Props) {
  const { width, containerRef, mounted } = useContainerWidth();
  const offset = rowOffset(panels);
  const layout = toGridLayout(panels, editing, offset);
  return (
    <div
      ref={containerRef}
      className={editing ? 'dashboard-grid editing' : 'dashboard-grid'}
      data-testid="dashboard-grid"
    >
      {mounted ? (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: columns, rowHeight: ROW_HEIGHT, margin: [GRID_MARGIN, GRID_MARGIN] }}
          dragConfig={{ enabled: editing, handle: '.viz-panel-head', cancel: '.viz-panel-menu, .panel-no-drag' }}
          resizeConfig={{ enabled: editing }}
          onDragStop={(l) => onLayout(l, offset)}
          onResizeStop={(l) => onLayout(l, offset)}
        >
          {panels.map((p) => (
            <div key={p.id} data-grid-panel={p.id}>
              {renderPanel(p)}
            </div>
          ))}
        </ReactGridLayout>
      ) : null}
    </div>
  );
}

/** The chart height a panel of `h` rows leaves inside its frame (title bar and padding taken off). */
export function chartHeight(h: number): number {
  return Math.max(60, h * ROW_HEIGHT + (h - 1) * GRID_MARGIN - 52);
}
