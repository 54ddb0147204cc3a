import { segmentInvisibles } from '@/lib/text/invisible';
import { cn } from '@/lib/utils';

/**
 * Untrusted text as literal text (React escapes it), with every invisible or direction-changing character replaced by
 * a visible marker such as [U+202E RLO]. Never use dangerouslySetInnerHTML for data: this is the only way data text is shown.
 */
export function VisibleText({ text, className }: { text: string; className?: string }) {
  const segments = segmentInvisibles(text);
  if (segments.length === 1 && segments[0]!.kind === 'text') return <span className={className}>{text}</span>;
  return (
    <span className={className}>
      {segments.map((segment, index) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <span
            key={index}
            title={`Hidden character ${segment.name}`}
            className="mx-px rounded-sm bg-amber-200 px-0.5 font-mono text-[0.7em] text-amber-950 dark:bg-amber-900 dark:text-amber-100"
          >
            [{segment.name}]
          </span>
        ),
      )}
    </span>
  );
}

/** True when the text holds anything VisibleText would mark; used to flag a row or tag as suspicious. */
export function hasInvisibles(text: string): boolean {
  return segmentInvisibles(text).some((segment) => segment.kind === 'invisible');
}

export function MonoText({ text, className }: { text: string; className?: string }) {
  return <VisibleText text={text} className={cn('font-mono break-all', className)} />;
}
