'use client';

import { useState } from 'react';
import { truncateText } from '@/lib/text/invisible';
import { cn } from '@/lib/utils';
import { VisibleText } from './visible-text';

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * Long untrusted text (a 1 MB prompt, a huge context value) shows its first `limit` characters and a button that
 * says how much is hidden (F-06). Only the shown part is scanned for invisible characters, so the page stays fast.
 */
export function TruncatedText({
  text,
  limit = 600,
  className,
  moreLabel = 'Show more',
}: {
  text: string;
  limit?: number;
  className?: string;
  moreLabel?: string;
}) {
  const [expanded, setExpanded] = useState(false);
  const { shown, hidden } = truncateText(text, limit);
  if (hidden === 0 || expanded) {
    return (
      <span className={cn('break-words whitespace-pre-wrap', className)}>
        <VisibleText text={text} />
        {hidden > 0 ? (
          <button type="button" onClick={() => setExpanded(false)} className={toggleClassName}>
            Show less
          </button>
        ) : null}
      </span>
    );
  }
  return (
    <span className={cn('break-words whitespace-pre-wrap', className)}>
      <VisibleText text={shown} />
      <span aria-hidden>…</span>
      <button type="button" onClick={() => setExpanded(true)} className={toggleClassName}>
        {moreLabel} ({numberFormat.format(hidden)} more characters)
      </button>
    </span>
  );
}

const toggleClassName = 'ml-2 text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400';
