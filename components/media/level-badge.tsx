import { Badge, type BadgeProps } from '@/components/ui/badge';
import { VisibleText } from '@/components/ui/visible-text';

const TONE: Record<string, BadgeProps['tone']> = { pg: 'success', pg13: 'success', r: 'warning', x: 'warning', xxx: 'danger' };
/** The console's own words for "no level": shown as plain "unrated" rather than echoed. */
const UNRATED = new Set(['na', 'unrated', 'unscanned']);

/** An NSFW level as received; anything that is not a known level reads "unrated" and is never shown as safe. */
export function LevelBadge({ level, className }: { level: string | null | undefined; className?: string }) {
  const known = level ? TONE[level.toLowerCase()] : undefined;
  return (
    <Badge tone={known ?? 'danger'} className={className} title={`NSFW level: ${level ?? 'not rated'}`}>
      <span className="sr-only">NSFW level </span>
      {known ? (
        level!.toUpperCase()
      ) : level && !UNRATED.has(level.toLowerCase()) ? (
        <>
          unrated (<VisibleText text={level.slice(0, 16)} />)
        </>
      ) : (
        'unrated'
      )}
    </Badge>
  );
}
