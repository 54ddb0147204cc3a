import type { Benchmark } from '../harness/context';
import { callsDuring } from '../harness/emulator';
import { figure, NotAvailable, round } from '../harness/figures';
import { consoleJson } from '../harness/session';

/**
 * The upstream cannot filter by status, so the console pages upstream and filters. For a tag where about 1 in 5
 * workflows has the status, a page of 50 should cost about 50 / (0.2 × upstream page size) calls, plus one.
 */

const PAGE = 50;

interface StatusMix {
  tag: string;
  total: number;
  byStatus: Record<string, number>;
}

interface Page {
  items: unknown[];
  next: string | null;
}

export const statusFilter: Benchmark = {
  id: 'status',
  title: 'Upstream calls per status-filtered page',
  async run(ctx) {
    const mix = ctx.scenarios.statusMix as StatusMix | undefined;
    if (!mix) throw new NotAvailable('the emulator publishes no statusMix scenario');
    // The status whose share of the tag is closest to 1 in 5.
    const [status, count] = Object.entries(mix.byStatus).sort((a, b) => Math.abs(a[1] / mix.total - 0.2) - Math.abs(b[1] / mix.total - 0.2))[0]!;
    const share = count / mix.total;
    const pages = ctx.mode === 'smoke' ? 1 : 3;

    const perPage: number[] = [];
    let pageSize = 0;
    let served = 0;
    let cursor: string | null = null;
    for (let index = 0; index < pages; index += 1) {
      const query: string = `tags=${encodeURIComponent(mix.tag)}&status=${status}&take=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`;
      const { result, calls } = await callsDuring(ctx.emulator, (): Promise<Page> => consoleJson<Page>(ctx, `/api/workflows?${query}`));
      const lists = calls.filter((call) => call.path === '/v2/consumer/workflows');
      perPage.push(lists.length);
      pageSize = Math.max(pageSize, ...lists.map((call) => Number(new URLSearchParams(call.query).get('take') ?? 0)));
      served += result.items.length;
      cursor = result.next;
      if (!cursor) break;
    }
    if (pageSize === 0) throw new Error('the console made no upstream list call');
    const bound = Math.ceil(PAGE / (0.2 * pageSize)) + 1;
    const average = perPage.reduce((sum, calls) => sum + calls, 0) / perPage.length;
    return [
      figure(
        'status.callsPerPage',
        `Upstream calls per page of ${PAGE} at 1-in-${round(1 / share, 1)} match`,
        round(average, 2),
        'calls',
        `status=${status} in tag ${mix.tag} (${count}/${mix.total}); upstream page size ${pageSize}; per page ${perPage.join(', ')}; ${served} rows served; bound ceil(${PAGE}/(0.2×${pageSize}))+1`,
        { op: '<=', value: bound },
      ),
    ];
  },
};
