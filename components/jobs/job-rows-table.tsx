import { LevelBadge } from '@/components/media/level-badge';
import { Badge } from '@/components/ui/badge';
import { EntityLink } from '@/components/ui/entity-link';
import { Missing } from '@/components/ui/facts';
import { Muted, mutedVariants } from '@/components/ui/muted';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { VisibleText } from '@/components/ui/visible-text';
import { StatusBadge } from '@/components/workflows/status-badge';
import { ROW_LINK_ATTRIBUTE } from '@/components/keyboard/shortcuts';
import type { JobEvidenceRow } from '@/lib/moderation/workflow-evidence';
import type { StepJob } from '@/lib/orchestrator/types';
import { ScoreBandBadge } from './score-band-badge';

/**
 * A step's jobs with their scan evidence at a glance: type, status, prompt flags, CSAM scores and band, NSFW level,
 * blocked reason. A job whose detail could not be read says why, and its band is "unknown", never "below".
 */
export function JobRowsTable({ jobs, rows }: { jobs: StepJob[]; rows: Map<string, JobEvidenceRow> }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Job</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Prompt flags</TableHead>
          <TableHead>CSAM score</TableHead>
          <TableHead>NSFW level</TableHead>
          <TableHead>Blocked</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {jobs.map((job) => {
          const row = rows.get(job.id);
          const detail = row?.detail ?? null;
          const scan = detail?.scan;
          return (
            <TableRow key={job.id} data-job-id={job.id}>
              <TableCell className="font-mono text-xs">
                <EntityLink kind="job" id={job.id} tone="strong" prefetch={false} {...{ [ROW_LINK_ATTRIBUTE]: '' }}>
                  <VisibleText text={job.id} />
                </EntityLink>
              </TableCell>
              <TableCell className="text-xs">{detail?.jobType ? <VisibleText text={detail.jobType} /> : <Missing label="—" />}</TableCell>
              <TableCell>
                <StatusBadge status={job.status} />
                {job.reason ? (
                  <Muted as="span" size="xs" className="ml-1">
                    <VisibleText text={job.reason} />
                  </Muted>
                ) : null}
              </TableCell>
              {row?.error ? (
                <TableCell colSpan={4} className="text-xs text-amber-800 dark:text-amber-300">
                  Scan evidence unavailable ({row.error.kind}): <VisibleText text={row.error.message} /> <ScoreBandBadge band="unknown" />
                </TableCell>
              ) : scan ? (
                <>
                  <TableCell className="text-xs">
                    {scan.promptFlags.flagged.length ? (
                      <span className="flex flex-wrap gap-1">
                        {scan.promptFlags.flagged.map((flag) => (
                          <Badge key={flag} tone="warning">
                            <VisibleText text={flag} />
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      <Muted as="span" tone="faint">none raised</Muted>
                    )}
                  </TableCell>
                  <TableCell className="text-xs">
                    <span className="flex items-center gap-2">
                      <ScoreBandBadge band={scan.csam.worst} />
                      <code className="font-mono">{scan.csam.raw === null ? 'missing' : <VisibleText text={scan.csam.raw} />}</code>
                    </span>
                  </TableCell>
                  <TableCell>
                    <LevelBadge level={scan.nsfwLevel} />
                  </TableCell>
                  <TableCell className="text-xs">
                    {scan.blockedReason ?? job.blockedReason ? (
                      <span className="text-red-800 dark:text-red-300">
                        <VisibleText text={(scan.blockedReason ?? job.blockedReason)!} />
                      </span>
                    ) : (
                      <Muted as="span" tone="faint">no</Muted>
                    )}
                  </TableCell>
                </>
              ) : (
                <TableCell colSpan={4} className={mutedVariants({ size: 'xs', tone: 'faint' })}>
                  Not looked up.
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
