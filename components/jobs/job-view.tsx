import Link from 'next/link';
import { LevelBadge } from '@/components/media/level-badge';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EntityLink, entityHref, entityLinkVariants } from '@/components/ui/entity-link';
import { Fact, Facts, Missing } from '@/components/ui/facts';
import { DetailScreen } from '@/components/detail-screen';
import { FindSimilarLink } from '@/components/similar/find-similar-link';
import { Muted, mutedVariants } from '@/components/ui/muted';
import { Section } from '@/components/ui/section';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UtcTime } from '@/components/ui/time';
import { TruncatedText } from '@/components/ui/truncated-text';
import { MonoText, VisibleText } from '@/components/ui/visible-text';
import { PromptBlock } from '@/components/workflows/recipe-view';
import type { CsamThresholds } from '@/lib/moderation/scan';
import { parseWorkflowId } from '@/lib/orchestrator/id-formats';
import type { JobEvidence } from '@/lib/moderation/read-model';
import { CsamScoreBars } from './csam-score-bars';
import { ScoreBandBadge } from './score-band-badge';

/** Context values longer than this are cut, with "show all". */
const CONTEXT_VALUE_LIMIT = 160;
const costFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** The job screen: the full scan evidence of one job, rendered on the server. */
/** `findSimilar`: the viewer may search for outputs like these (moderators and above). */
export function JobView({ job, thresholds, findSimilar }: { job: JobEvidence; thresholds: CsamThresholds; findSimilar: boolean }) {
  const { scan } = job;
  const owner = job.workflowId ? (parseWorkflowId(job.workflowId)?.owner ?? null) : null;
  const workflowHref = job.workflowId ? entityHref('workflow', job.workflowId) : null;
  const durations = readDurations(job);
  const promptKeys = Object.keys(scan.promptFlags.all);
  const prompt = typeof job.params.prompt === 'string' ? job.params.prompt : null;
  const negativePrompt = typeof job.params.negativePrompt === 'string' ? job.params.negativePrompt : null;
  const otherParams = Object.entries(job.params).filter(([key]) => key !== 'prompt' && key !== 'negativePrompt');

  return (
    <DetailScreen
      kind="Job"
      id={job.jobId}
      contextUser={owner}
      description={
        <>
          {job.lastEvent ? <Badge tone={job.lastEvent === 'Succeeded' ? 'success' : 'neutral'}>{job.lastEvent}</Badge> : null}
          <ScoreBandBadge band={scan.csam.worst} />
          {!scan.scanAvailable ? <Badge tone="danger">scan unavailable</Badge> : null}
          {job.jobType ? <VisibleText text={job.jobType} /> : null}
        </>
      }
      actions={
        job.workflowId ? (
          <EntityLink kind="workflow" id={job.workflowId} className="text-sm">
            Its workflow
          </EntityLink>
        ) : null
      }
    >
      <Section title="CSAM score per output">
        <Card>
          <CsamScoreBars scores={scan.csam} thresholds={thresholds} outputLabels={job.outputs.map((output) => output.blobKey)} />
        </Card>
      </Section>

      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Scan findings">
          <Card>
            <Facts>
              <Fact label="VLM summary">
                {scan.vlm.tokens.length ? (
                  <span className="flex flex-wrap gap-1">
                    {scan.vlm.tokens.map((token, index) => (
                      <Badge key={`${index}:${token}`} tone="info">
                        <VisibleText text={token} />
                      </Badge>
                    ))}
                  </span>
                ) : (
                  <Missing label="no hive_vlm_summary" />
                )}
              </Fact>
              <Fact label="Blocked reason">
                {scan.blockedReason ? (
                  <span className="text-red-800 dark:text-red-300">
                    <VisibleText text={scan.blockedReason} />
                  </span>
                ) : (
                  <span>none</span>
                )}
              </Fact>
              <Fact label="NSFW level">
                <LevelBadge level={scan.nsfwLevel} />
              </Fact>
              <Fact label="Prompt flags">
                {promptKeys.length ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Prompt classification">
                    {promptKeys.map((key) => {
                      const raised = scan.promptFlags.flagged.includes(key);
                      return (
                        <li key={key}>
                          <Badge tone={raised ? 'danger' : 'neutral'} title={`${key}: ${String(scan.promptFlags.all[key])}`}>
                            <VisibleText text={key} />
                            <span aria-hidden>{raised ? '\u00a0✓' : '\u00a0–'}</span>
                            <span className="sr-only">{raised ? ' raised' : ' not raised'}</span>
                          </Badge>
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <Missing label="no prompt classification" />
                )}
              </Fact>
            </Facts>
          </Card>
        </Section>

        <Section title="Run">
          <Card>
            <Facts>
              <Fact label="Provider">{job.provider ? <VisibleText text={job.provider} /> : <Missing />}</Fact>
              <Fact label="Last event">
                {job.lastEvent ?? <Missing />} <UtcTime value={job.lastEventAt} className={mutedVariants()} />
              </Fact>
              <Fact label="Claim duration">{durations.claim ?? <Missing />}</Fact>
              <Fact label="Job duration">{durations.job ?? <Missing />}</Fact>
              <Fact label="Retry attempts">{job.retryAttempt ?? <Missing />}</Fact>
              <Fact label="Cost">{job.cost === null ? <Missing /> : costFormat.format(job.cost)}</Fact>
              <Fact label="Model">{job.model ? <MonoText text={job.model} className="text-xs" /> : <Missing />}</Fact>
              <Fact label="Workflow">
                {job.workflowId ? (
                  <EntityLink kind="workflow" id={job.workflowId} className="font-mono text-xs">
                    <VisibleText text={job.workflowId} />
                  </EntityLink>
                ) : (
                  <Missing label="not named by the job" />
                )}
              </Fact>
            </Facts>
          </Card>
        </Section>
      </div>

      <Section title={`Outputs (${job.outputs.length})`}>
        {job.outputs.length ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Blob</TableHead>
                <TableHead>Available</TableHead>
                <TableHead>CSAM score</TableHead>
                {findSimilar ? <TableHead>Similar outputs</TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {job.outputs.map((output, index) => (
                <TableRow key={`${index}:${output.blobKey}`}>
                  <TableCell className="font-mono text-xs">
                    {output.blobKey && workflowHref ? (
                      <Link href={`${workflowHref}#blob-${encodeURIComponent(output.blobKey)}`} className={entityLinkVariants()}>
                        <VisibleText text={output.blobKey} />
                      </Link>
                    ) : output.blobKey ? (
                      <VisibleText text={output.blobKey} />
                    ) : (
                      <Missing label="no blob key" />
                    )}
                  </TableCell>
                  <TableCell>{output.available === null ? <Missing /> : output.available ? 'yes' : 'no'}</TableCell>
                  <TableCell className="flex items-center gap-2">
                    <ScoreBandBadge band={scan.csam.bands[index] ?? 'unknown'} />
                    <span className="font-mono text-xs">
                      {scan.csam.values[index] === null || scan.csam.values[index] === undefined ? 'unreadable' : `${scan.csam.values[index]!.toFixed(2)} %`}
                    </span>
                  </TableCell>
                  {findSimilar ? <TableCell>{output.blobKey ? <FindSimilarLink blobId={output.blobKey} /> : null}</TableCell> : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Muted size="sm" tone="faint">The job lists no outputs.</Muted>
        )}
      </Section>

      {prompt || negativePrompt || otherParams.length ? (
        <Section title="Job parameters">
          <Card className="space-y-3">
            <PromptBlock label="Prompt" text={prompt} />
            <PromptBlock label="Negative prompt" text={negativePrompt} />
            {otherParams.length ? <ContextTable entries={otherParams.map(([key, value]) => [key, displayText(value)])} /> : null}
          </Card>
        </Section>
      ) : null}

      <Section title={`Scan context (${Object.keys(scan.context).length} keys)`}>
        {Object.keys(scan.context).length ? (
          <ContextTable entries={Object.entries(scan.context)} />
        ) : (
          <Muted size="sm" tone="faint">The last event carries no context: the scan is unavailable and treated as high risk.</Muted>
        )}
      </Section>
    </DetailScreen>
  );
}

function ContextTable({ entries }: { entries: [string, string][] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="w-64">Key</TableHead>
          <TableHead>Value</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell className="font-mono text-xs">
              <VisibleText text={key} />
            </TableCell>
            <TableCell className="font-mono text-xs">
              <TruncatedText text={value} limit={CONTEXT_VALUE_LIMIT} moreLabel="Show all" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** TimeSpan strings when the job detail carries them (`claimDuration`, `jobDuration` of the last event). */
function readDurations(job: JobEvidence): { claim: string | null; job: string | null } {
  const loose = job as JobEvidence & { claimDuration?: unknown; jobDuration?: unknown };
  return {
    claim: typeof loose.claimDuration === 'string' ? loose.claimDuration : null,
    job: typeof loose.jobDuration === 'string' ? loose.jobDuration : null,
  };
}
