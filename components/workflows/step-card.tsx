import { JobRowsTable } from '@/components/jobs/job-rows-table';
import { BlobTile } from '@/components/media/blob-tile';
import { Card } from '@/components/ui/card';
import { Fact, Facts } from '@/components/ui/facts';
import { JsonView } from '@/components/ui/json-view';
import { UtcTime } from '@/components/ui/time';
import { VisibleText } from '@/components/ui/visible-text';
import { bySeverity } from '@/lib/moderation/read-model';
import type { JobEvidenceRow, OutputEvidenceRow } from '@/lib/moderation/workflow-evidence';
import type { WorkflowStep } from '@/lib/orchestrator/types';
import { readRecipe } from '@/lib/workflows/recipe';
import { RecipeView } from './recipe-view';
import { StatusBadge } from './status-badge';

export interface StepParts {
  jobs: Map<string, JobEvidenceRow>;
  outputs: Map<string, OutputEvidenceRow>;
}

/** A step's outputs worst first (the read model's order); an output the read model does not know keeps its place last. */
function worstFirst(media: WorkflowStep['media'], parts: StepParts): WorkflowStep['media'] {
  return [...media].sort((a, b) => {
    const left = parts.outputs.get(a.blobId)?.risk;
    const right = parts.outputs.get(b.blobId)?.risk;
    if (left && right) return bySeverity(left, right);
    return left ? -1 : right ? 1 : 0;
  });
}

/**
 * One step: its recipe (or, for a step type this console does not know, its raw input and output, collapsed), its
 * jobs with their scan evidence, and its output tiles. `repeat` steps show their nested steps inside.
 */
export function StepCard({ step, parts }: { step: WorkflowStep; parts: StepParts }) {
  return (
    <Card className="space-y-4" data-step={step.name}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-mono text-sm font-semibold">
          <VisibleText text={step.name} />
        </h3>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
          <VisibleText text={step.type} />
        </span>
        <StatusBadge status={step.status} />
        {!step.known ? <span className="text-xs text-amber-800 dark:text-amber-300">step type unknown to the console: raw data below</span> : null}
      </div>
      <Facts className="sm:grid-cols-[max-content_1fr_max-content_1fr]">
        <Fact label="Started">
          <UtcTime value={step.startedAt} />
        </Fact>
        <Fact label="Completed">
          <UtcTime value={step.completedAt} />
        </Fact>
      </Facts>
      {step.errors.length ? (
        <ul className="list-inside list-disc text-sm text-red-800 dark:text-red-300" aria-label="Errors the step reports">
          {step.errors.map((error, index) => (
            <li key={index}>
              <VisibleText text={error} />
            </li>
          ))}
        </ul>
      ) : null}
      {step.known ? <RecipeView recipe={readRecipe(step)} /> : null}
      {!step.known || step.type === 'repeat' ? (
        <div className="space-y-2">
          <JsonView value={step.input} summary="Raw input (JSON)" />
          <JsonView value={step.output} summary="Raw output (JSON)" />
        </div>
      ) : null}
      {step.jobs.length ? (
        <div className="space-y-1">
          <h4 className="text-sm font-medium">Jobs ({step.jobs.length})</h4>
          <JobRowsTable jobs={step.jobs} rows={parts.jobs} />
        </div>
      ) : null}
      {step.media.length ? (
        <div className="space-y-1">
          <h4 className="text-sm font-medium">Outputs ({step.media.length})</h4>
          <ul className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3">
            {worstFirst(step.media, parts).map((item) => {
              const row = parts.outputs.get(item.blobId);
              return row ? (
                <li key={item.blobId}>
                  <BlobTile item={item} probe={row.probe} probeError={row.error} gate={row.gate} risk={row.risk} />
                </li>
              ) : null;
            })}
          </ul>
        </div>
      ) : null}
      {step.children.length ? (
        <div className="space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
          <h4 className="text-sm font-medium">Repeated steps ({step.children.length})</h4>
          {step.children.map((child, index) => (
            <StepCard key={`${index}:${child.name}`} step={child} parts={parts} />
          ))}
        </div>
      ) : null}
    </Card>
  );
}
