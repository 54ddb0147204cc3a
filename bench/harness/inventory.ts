import type { Workflow } from '@/lib/orchestrator/types';
import type { BenchContext } from './context';
import { consoleJson } from './session';
import { consumerWorkflows, jobsOf } from './upstream';

/**
 * Ids for the benchmarks, read straight from the emulator (so the console's caches stay cold), handed out without
 * repetition: a job id used by one benchmark is never reused by another, so "cold" means cold.
 */

export interface JobRef {
  jobId: string;
  workflowId: string;
}

/** An image, with the workflow that holds it (the gate reads its scan evidence from there). */
export interface MediaRef {
  blobId: string;
  workflowId: string;
}

interface GateView {
  blobId: string;
  tier: number;
  available: boolean;
  fullBytesWithoutGrant: boolean;
}

export class Inventory {
  /** Jobs handed out, and workflows whose jobs the console has read (through a drill-down or a gate). */
  private readonly usedJobs = new Set<string>();
  private readonly touchedWorkflows = new Set<string>();
  private readonly tierZero: MediaRef[] = [];
  private gateCursor = 0;

  private constructor(
    readonly workflows: Workflow[],
    private readonly jobs: JobRef[],
  ) {}

  static async read(ctx: Pick<BenchContext, 'emulator' | 'upstreamToken'>, pages: number): Promise<Inventory> {
    const workflows = await consumerWorkflows(ctx, pages);
    // Only finished jobs: their answers are stable, so both sides of a comparison read the same bytes.
    const finished = new Set(workflows.filter((workflow) => ['succeeded', 'failed'].includes(workflow.status)).map((workflow) => workflow.id));
    return new Inventory(workflows, jobsOf(workflows).filter((job) => finished.has(job.workflowId)));
  }

  private unused(): JobRef[] {
    return this.jobs.filter((job) => !this.usedJobs.has(job.jobId) && !this.touchedWorkflows.has(job.workflowId));
  }

  get jobsLeft(): number {
    return this.unused().length;
  }

  /** `count` job ids the console has not read yet, never handed out before. */
  takeJobs(count: number): JobRef[] {
    const unused = this.unused();
    if (count > unused.length) throw new Error(`only ${unused.length} unused job ids left, ${count} asked`);
    const taken = unused.slice(0, count);
    for (const job of taken) this.usedJobs.add(job.jobId);
    return taken;
  }

  /** The console is about to read these workflows with their jobs: their jobs are warm from now on. */
  touch(workflowIds: Iterable<string>): void {
    for (const id of workflowIds) this.touchedWorkflows.add(id);
  }

  /**
   * Media the signed-in reviewer may fetch without a reveal (tier 0), as the console's own gate decides it. Asking
   * the gate reads each workflow and its jobs once, as opening the workflow page would before its tiles load. What
   * was found is kept: later benchmarks reuse the same media.
   */
  async tierZeroMedia(ctx: BenchContext, wanted: number): Promise<MediaRef[]> {
    while (this.tierZero.length < wanted && this.gateCursor < this.workflows.length) {
      const workflow = this.workflows[this.gateCursor++]!;
      const images = new Set(
        workflow.media
          .filter((item) => item.available && item.mediaType === 'image' && !item.blockedReason && ['pg', 'pg13'].includes(String(item.nsfwLevel)))
          .map((item) => item.blobId),
      );
      if (images.size === 0) continue;
      this.touch([workflow.id]);
      const gates = await consoleJson<{ gates: GateView[] }>(ctx, `/api/media/gates?workflowId=${encodeURIComponent(workflow.id)}`);
      for (const gate of gates.gates) {
        if (images.has(gate.blobId) && gate.available && gate.fullBytesWithoutGrant) this.tierZero.push({ blobId: gate.blobId, workflowId: workflow.id });
      }
    }
    return this.tierZero.slice(0, wanted);
  }
}
