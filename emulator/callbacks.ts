/**
 * Workflow callbacks (contract §3.8) to one URL given on the command line: when a workflow completes, the emulator
 * posts `{ $type: 'workflow', workflowId, status, timestamp }` with the shared secret in `X-Webhook-Secret`.
 * Delivery is retried a few times on a non-2xx answer or a network failure, as the real API retries (DOCS).
 */

import { WEBHOOK_SECRET_HEADER } from '../lib/risk-index/webhook-wire';

export interface CallbackTarget {
  url: string;
  secret: string;
}

export interface WorkflowEvent {
  $type: 'workflow';
  workflowId: string;
  status: string;
  timestamp: string;
}


const ATTEMPTS = 3;

export class CallbackSender {
  /** Deliveries in flight, so a test (or close) can wait for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly target: CallbackTarget | null,
    private readonly closing: AbortSignal,
  ) {}

  send(event: WorkflowEvent): void {
    const target = this.target;
    if (!target) return;
    const delivery = this.deliver(target, event).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async deliver(target: CallbackTarget, event: WorkflowEvent): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS && !this.closing.aborted; attempt += 1) {
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: target.secret },
          body: JSON.stringify(event),
          signal: AbortSignal.any([this.closing, AbortSignal.timeout(5_000)]),
        });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // Unreachable or timed out: tried again below.
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    console.error(`[emulator] callback for ${event.workflowId} not delivered`);
  }
}
