import Link from 'next/link';
import { LevelBadge } from '@/components/media/level-badge';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EntityLink } from '@/components/ui/entity-link';
import { Fact, Facts, Missing } from '@/components/ui/facts';
import { JsonView } from '@/components/ui/json-view';
import { Muted } from '@/components/ui/muted';
import { RefreshButton } from '@/components/ui/refresh-button';
import { DetailScreen } from '@/components/detail-screen';
import { Section } from '@/components/ui/section';
import { PartialNotice } from '@/components/ui/states';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import type { WorkflowEvidence } from '@/lib/moderation/workflow-evidence';
import { ScoreBandBadge } from '@/components/jobs/score-band-badge';
import { PromptBlock } from './recipe-view';
import { StatusBadge } from './status-badge';
import { StepCard } from './step-card';

const costFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** The workflow screen, rendered on the server from the evidence the page prefetched (gates decided there too). */
export function WorkflowView({ drillDown }: { drillDown: WorkflowEvidence }) {
  const { workflow } = drillDown;
  const parts = {
    jobs: new Map(drillDown.jobs.map((row) => [row.jobId, row])),
    outputs: new Map(drillDown.blobs.map((row) => [row.blobId, row])),
  };
  const band = drillDown.risk.worstBand;
  const transactions = readTransactions(workflow);
  return (
    <DetailScreen
      kind="Workflow"
      id={workflow.id}
      contextUser={workflow.ownerId}
      description={
        <>
          <StatusBadge status={workflow.status} />
          {band ? <ScoreBandBadge band={band} /> : null}
          {drillDown.partial ? <Badge tone="warning">partial answer</Badge> : null}
          <span>
            {workflow.steps.length} steps · {workflow.jobCount} jobs · {workflow.media.length} outputs
          </span>
        </>
      }
      actions={
        <Link href="/workflows" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          All workflows
        </Link>
      }
    >
      {drillDown.partial ? (
        <PartialNotice>
          <p className="font-medium">Part of this answer is missing: {drillDown.missing.length} lookups failed.</p>
          <ul className="mt-1 list-inside list-disc">
            {drillDown.missing.slice(0, 10).map((part) => (
              <li key={`${part.part}:${part.id}`}>
                {part.part} <code className="font-mono">{part.id}</code>: <VisibleText text={part.message} /> ({part.kind})
              </li>
            ))}
          </ul>
          <p className="mt-1">Outputs of jobs without scan evidence are kept at the highest gate tier.</p>
          <RefreshButton size="sm" variant="secondary" className="mt-2">
            Retry the missing parts
          </RefreshButton>
        </PartialNotice>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card>
          <Facts>
            <Fact label="Owner">
              {workflow.ownerId === null ? (
                <Missing label="unknown id shape" />
              ) : (
                <EntityLink kind="user" id={workflow.ownerId} className="font-mono">
                  {workflow.ownerId}
                </EntityLink>
              )}
            </Fact>
            <Fact label="Created">
              <UtcTime value={workflow.createdAt} />
            </Fact>
            <Fact label="Started">
              <UtcTime value={workflow.startedAt} />
            </Fact>
            <Fact label="Completed">
              <UtcTime value={workflow.completedAt} />
            </Fact>
            {workflow.deletedAt ? (
              <Fact label="Deleted">
                <UtcTime value={workflow.deletedAt} />
              </Fact>
            ) : null}
            <Fact label="NSFW level">
              <LevelBadge level={workflow.nsfwLevel} />
            </Fact>
            <Fact label="Mature allowed">{workflow.allowMatureContent === null ? <Missing /> : workflow.allowMatureContent ? 'yes' : 'no'}</Fact>
            <Fact label="Cost">{workflow.costTotal === null ? <Missing /> : `${costFormat.format(workflow.costTotal)} Buzz`}</Fact>
            <Fact label="Transactions">
              {transactions.length ? (
                <ul>
                  {transactions.map((transaction, index) => (
                    <li key={index} className="tabular-nums">
                      {transaction.type} {costFormat.format(transaction.amount)} <VisibleText text={transaction.accountType} />
                    </li>
                  ))}
                </ul>
              ) : (
                <Missing label="none recorded" />
              )}
            </Fact>
            <Fact label="Tags">
              {workflow.tags.length ? (
                <ul className="flex flex-wrap gap-1" aria-label="Tags">
                  {workflow.tags.map((tag, index) => (
                    <li key={`${index}:${tag}`}>
                      <Link
                        href={`/workflows?tags=${encodeURIComponent(tag)}`}
                        className="inline-block rounded bg-zinc-200 px-1.5 py-0.5 text-xs hover:underline dark:bg-zinc-800"
                      >
                        <VisibleText text={tag} />
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <Missing label="none" />
              )}
            </Fact>
          </Facts>
        </Card>
        <Card className="space-y-3">
          <PromptBlock label="Prompt (workflow metadata)" text={workflow.params.prompt} />
          <PromptBlock label="Negative prompt" text={workflow.params.negativePrompt} />
          <JsonView value={workflow.metadata} summary="Metadata (JSON)" />
        </Card>
      </div>

      <Section title={`Steps (${workflow.steps.length})`}>
        {workflow.steps.length ? (
          workflow.steps.map((step, index) => <StepCard key={`${index}:${step.name}`} step={step} parts={parts} />)
        ) : (
          <Muted size="sm" tone="faint">This workflow has no steps.</Muted>
        )}
      </Section>
    </DetailScreen>
  );
}

interface Transaction {
  type: string;
  amount: number;
  accountType: string;
}

/** Transactions when the workflow carries them (contract §3.7); the list shape is optional on the wire. */
function readTransactions(workflow: object): Transaction[] {
  const list = (workflow as { transactions?: { list?: unknown } }).transactions?.list;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const item = entry as Partial<Record<keyof Transaction, unknown>>;
    return typeof item.amount === 'number'
      ? [{ type: String(item.type ?? ''), amount: item.amount, accountType: String(item.accountType ?? '') }]
      : [];
  });
}
