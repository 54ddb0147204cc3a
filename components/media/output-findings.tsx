import { Badge } from '@/components/ui/badge';
import { mutedVariants } from '@/components/ui/muted';
import { VisibleText } from '@/components/ui/visible-text';
import type { OutputEvidence } from '@/lib/media/api';

/**
 * An output's scan findings beside its score: child-related VLM findings in red and named as such (never a neutral
 * tag), the other VLM tokens, prompt flags, the block and the level. Missing scan evidence is said, not hidden.
 */
export function OutputFindings({ evidence }: { evidence: OutputEvidence }) {
  const child = new Set(evidence.childFindings);
  return (
    <div className="space-y-1" data-output-findings>
      {evidence.scanMissing ? <p className="text-red-800 dark:text-red-300">{evidence.scanMissing}</p> : null}
      <Findings kind="child-findings" label="Child-related:" tokens={evidence.childFindings} tone="danger" strong />
      <Findings kind="vlm" label="VLM:" tokens={evidence.vlm.filter((token) => !child.has(token))} tone="neutral" />
      <Findings kind="prompt-flags" label="Prompt flags:" tokens={evidence.promptFlags} tone="warning" />
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

function Findings({
  kind,
  label,
  tokens,
  tone,
  strong = false,
}: {
  kind: string;
  label: string;
  tokens: readonly string[];
  tone: 'danger' | 'warning' | 'neutral';
  strong?: boolean;
}) {
  if (tokens.length === 0) return null;
  return (
    <p className="flex flex-wrap items-center gap-1" data-findings={kind}>
      <span className={strong ? 'font-semibold text-red-800 dark:text-red-300' : mutedVariants()}>{label}</span>
      {tokens.map((token) => (
        <Badge key={token} tone={tone}>
          <VisibleText text={token} />
        </Badge>
      ))}
    </p>
  );
}
