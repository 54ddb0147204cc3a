/**
 * The upstream has no version number on a workflow, so a decision records a fingerprint of what the moderator saw:
 * status, completion time, tags and each step's and job's status. If any of these changed later (the workflow was
 * canceled, a step finished, someone re-tagged it), the fingerprint differs. Pure and synchronous so the browser
 * computes it from the very data it rendered.
 */

export type VersionedWorkflow = {
  status: string;
  completedAt?: string | null;
  tags: readonly string[];
  steps: readonly { name: string; status?: string | null; jobs?: readonly { id: string; status?: string | null }[] | null }[];
};

/** FNV-1a over UTF-16 code units; two seeds give 64 bits, plenty to tell versions of one workflow apart. */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function workflowVersion(workflow: VersionedWorkflow): string {
  const seen = JSON.stringify([
    workflow.status,
    workflow.completedAt ?? null,
    [...workflow.tags].sort(),
    workflow.steps.map((step) => [step.name, step.status ?? null, (step.jobs ?? []).map((job) => [job.id, job.status ?? null])]),
  ]);
  return `${workflow.status}:${fnv1a(seen, 0x811c9dc5)}${fnv1a(seen, 0x050c5d1f)}`;
}
