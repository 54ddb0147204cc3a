import { Badge } from '@/components/ui/badge';
import { VisibleText } from '@/components/ui/visible-text';
import type { OutputEvidence } from '@/lib/media/api';

/**
 * An output's scan findings beside its score: child-related VLM findings in red and named as such (never a neutral
 * tag), the other VLM tokens, prompt flags, the block and the level. Missing scan evidence is said, not hidden.
 */
export function OutputFindings({ evidence }: { evidence: OutputEvidence }) {
  const child = new Set(evidence.childFindings);
  const otherVlm = evidence.vlm.filter((token) => !child.has(token));
  return (
    <div className="space-y-1" data-output-findings>
      {evidence.scanMissing ? <p className="text-red-800 dark:text-red-300">{evidence.scanMissing}</p> : null}
      {evidence.childFindings.length ? (
        <p className="flex flex-wrap items-center gap-1" data-child-findings>
          <span className="font-semibold text-red-800 dark:text-red-300">Child-related:</span>
          {evidence.childFindings.map((token) => (
            <Badge key={token} tone="danger">
              <VisibleText text={token} />
            </Badge>
          ))}
        </p>
      ) : null}
      {otherVlm.length ? (
        <p className="flex flex-wrap items-center gap-1" data-vlm>
          <span className="text-zinc-600 dark:text-zinc-400">VLM:</span>
          {otherVlm.map((token) => (
            <Badge key={token}>
              <VisibleText text={token} />
            </Badge>
          ))}
        </p>
      ) : null}
      {evidence.promptFlags.length ? (
        <p className="flex flex-wrap items-center gap-1" data-prompt-flags>
          <span className="text-zinc-600 dark:text-zinc-400">Prompt flags:</span>
          {evidence.promptFlags.map((flag) => (
            <Badge key={flag} tone="warning">
              <VisibleText text={flag} />
            </Badge>
          ))}
        </p>
      ) : null}
      <p className="text-zinc-700 dark:text-zinc-300" data-level={evidence.nsfwLevel}>
        Level {evidence.nsfwLevel}
        {evidence.blockedReason ? (
          <>
            {' · '}
            <span className="font-semibold text-red-800 dark:text-red-300" data-blocked-reason>
              Blocked: <VisibleText text={evidence.blockedReason} />
            </span>
          </>
        ) : null}
      </p>
    </div>
  );
}
