'use client';

import { Button } from '@/components/ui/button';
import { OVERVIEW_WINDOW_LABELS, OVERVIEW_WINDOWS, type OverviewWindow } from '@/lib/risk-index/overview-window';

/** The 24 h / 7 d / 30 d switcher of the risk overview and the leads' view. */
export function WindowPicker({ chosen, onChoose }: { chosen: OverviewWindow; onChoose: (window: OverviewWindow) => void }) {
  return (
    <div role="group" aria-label="Window" className="flex flex-wrap gap-2">
      {OVERVIEW_WINDOWS.map((option) => (
        <Button key={option} size="sm" variant={option === chosen ? 'primary' : 'secondary'} aria-pressed={option === chosen} onClick={() => onChoose(option)}>
          {OVERVIEW_WINDOW_LABELS[option]}
        </Button>
      ))}
    </div>
  );
}
