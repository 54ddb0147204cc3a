import { parseWorkflowId } from '@/lib/orchestrator/id-formats';

const HEAD = 4;
const TAIL = 4;

/**
 * An id short enough for a sentence or a table cell, still telling ids apart at a glance: the owner and the last
 * digits of a workflow id (`1637892-…6332`), the ends of anything else with its extension kept (`01M7…C1K0.jpeg`).
 * Short ids are shown as they are. Always paired with the full id (a title, a copy button) where it is shown.
 */
export function shortId(id: string): string {
  const workflow = parseWorkflowId(id);
  if (workflow) return `${workflow.owner}-…${id.slice(-TAIL)}`;
  const dot = id.lastIndexOf('.');
  const extension = dot > 0 && id.length - dot <= 6 ? id.slice(dot) : '';
  const stem = extension ? id.slice(0, dot) : id;
  if (stem.length <= HEAD + TAIL + 2) return id;
  return `${stem.slice(0, HEAD)}…${stem.slice(-TAIL)}${extension}`;
}
