import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchmarkResult, Figure } from './figures';

/** The table on stdout, bench/results.json and docs/PERFORMANCE.md, all from the same run. */

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface RunReport {
  date: string;
  mode: 'full' | 'smoke';
  command: string;
  machine: Machine;
  settings: Record<string, string | number>;
  benchmarks: BenchmarkResult[];
}

export function machine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function formatValue(item: Figure): string {
  if (item.value === null) return item.status;
  // Ratios near their target need the third decimal (1.103 is not 1.10).
  const digits = item.unit === 'x' && item.value < 10 ? 3 : item.value < 10 ? 2 : 1;
  const value = Number.isInteger(item.value) ? String(item.value) : item.value.toFixed(digits);
  return item.unit ? `${value} ${item.unit}` : value;
}

function formatTarget(item: Figure): string {
  if (!item.target) return '';
  return `${item.target.op} ${item.target.value}${item.unit && item.unit !== 'x' ? ` ${item.unit}` : item.unit}`;
}

const STATUS_MARK: Record<Figure['status'], string> = {
  met: 'met',
  missed: 'MISSED',
  reported: '',
  'not available': 'n/a',
  skipped: 'skipped',
  error: 'ERROR',
};

type Row = [string, string, string, string, string];

function rows(report: RunReport): Row[] {
  return report.benchmarks.flatMap((bench) =>
    bench.figures.map((item): Row => [item.label, formatValue(item), formatTarget(item), STATUS_MARK[item.status], item.detail]),
  );
}

const HEADER: Row = ['Figure', 'Value', 'Target', 'Status', 'How measured'];

export function textTable(report: RunReport): string {
  const all = [HEADER, ...rows(report)];
  // The detail column is long: the aligned part is the first four, the detail follows.
  const widths = [0, 1, 2, 3].map((column) => Math.max(...all.map((row) => row[column]!.length)));
  const line = (row: Row) =>
    row
      .slice(0, 4)
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ') + `  ${row[4]}`;
  return [line(HEADER), widths.map((width) => '-'.repeat(width)).join('  '), ...rows(report).map(line)].join('\n');
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function markdownTable(report: RunReport): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
  for (const row of rows(report)) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
  return lines.join('\n');
}

export function summary(report: RunReport): { met: number; missed: Figure[]; unavailable: Figure[]; errors: Figure[] } {
  const figures = report.benchmarks.flatMap((bench) => bench.figures);
  return {
    met: figures.filter((item) => item.status === 'met').length,
    missed: figures.filter((item) => item.status === 'missed'),
    unavailable: figures.filter((item) => item.status === 'not available'),
    errors: figures.filter((item) => item.status === 'error'),
  };
}

/**
 * A partial run (`--only`) replaces the benchmarks it ran and keeps every other figure of the previous full run,
 * each with the date it was measured, so the committed figures never lose a row.
 */
export function mergeReports(previous: RunReport | null, current: RunReport): RunReport {
  const stamped = current.benchmarks.map((bench) => ({ ...bench, measuredAt: bench.measuredAt ?? current.date }));
  if (!previous) return { ...current, benchmarks: stamped };
  const fresh = new Map(stamped.map((bench) => [bench.id, bench]));
  const kept = previous.benchmarks.map((bench) => fresh.get(bench.id) ?? { ...bench, measuredAt: bench.measuredAt ?? previous.date });
  const added = stamped.filter((bench) => !previous.benchmarks.some((old) => old.id === bench.id));
  return { ...current, settings: { ...previous.settings, ...current.settings }, benchmarks: [...kept, ...added] };
}

export function writeResults(path: string, report: RunReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** Everything in docs/PERFORMANCE.md below this line is written by hand and kept when a run rewrites the rest. */
export const HAND_WRITTEN_MARKER = '<!-- Written by hand below this line: npm run bench keeps it. -->';

/** The part of an existing PERFORMANCE.md a run keeps: the marker and what follows it. */
export function handWrittenPart(existing: string | null): string {
  const at = existing?.indexOf(HAND_WRITTEN_MARKER) ?? -1;
  return at >= 0 ? existing!.slice(at) : `${HAND_WRITTEN_MARKER}\n`;
}

export function performanceMarkdown(report: RunReport, handWritten = handWrittenPart(null)): string {
  const { machine: m } = report;
  const totals = summary(report);
  const settings = Object.entries(report.settings)
    .map(([name, value]) => `- ${name}: ${value}`)
    .join('\n');
  return `# Performance

Measured by \`npm run bench\` (bench/run.ts) on ${report.date}. Every figure is a ratio or a count taken in the
same run, against the same emulator and the same machine, so a slow or busy machine shifts both sides alike.
Raw numbers: bench/results.json.

## Results (${report.mode} run)

${markdownTable(report)}

Measured on: ${[...new Set(report.benchmarks.map((bench) => (bench.measuredAt ?? report.date).slice(0, 16)))].join(', ')}
(per benchmark in bench/results.json, \`measuredAt\`; a partial run keeps the other figures of the last full run).

Targets met: ${totals.met}. Missed: ${totals.missed.length}${totals.missed.length ? ` (${totals.missed.map((item) => item.label).join('; ')})` : ''}.
Not available: ${totals.unavailable.length}${totals.unavailable.length ? ` (${totals.unavailable.map((item) => item.label).join('; ')})` : ''}.

## Machine

- CPUs (nproc): ${m.cpus} × ${m.cpuModel}
- Memory: ${m.memoryGiB} GiB
- Node: ${m.node}
- OS: ${m.platform}

## Settings of this run

${settings}

## How to reproduce

\`\`\`sh
npm run bench                      # builds into .next-bench, then runs every benchmark (about 8 minutes on 2 cores)
npm run bench -- --no-build        # reuse the last build
npm run bench -- --reviewers-seconds 20 --only proxy,drilldown
npm run bench:smoke                # about 10 s of tiny runs, for CI (--dist .next --no-build there)
\`\`\`

The harness builds the console for production, starts the emulator (seeded, fixed latency ${report.settings['upstream latency'] ?? ''})
in a process of its own and \`next start\` against it on 127.0.0.1, signs in a demo moderator, and drives load with
autocannon (bounded by request count or duration). Upstream calls are counted from the emulator's call log; memory
is read from /proc/<pid>/status (VmRSS) of the console process; first-load JS is the gzip size of the chunks listed
in <distDir>/diagnostics/route-bundle-stats.json. The two-instance run needs PostgreSQL at
postgres://postgres@127.0.0.1:5432 (override with BENCH_DATABASE_URL); it creates a database of its own and drops it.

## What each figure means

- Proxy overhead: the same requests (same ids, same count, 20 connections) sent once to the console route and once
  straight to the emulator. List and job detail: every console request names a distinct page or job (no cache, no
  single-flight), and the upstream calls it caused, read from the emulator's call log, are replayed as the direct
  side. Media: tier-0 images through GET /api/media/<blobId> (after one pass that resolves each content location)
  against their signed content locations fetched directly. p50 ratio = console p50 / emulator p50; added p99 =
  console p99 − emulator p99. Measured twice: as shipped (UPSTREAM_CONCURRENCY 8, so 20 clients queue for upstream
  slots by design) and with a cap of 32, which leaves only what the console itself adds.
- Drill-down: GET /api/workflows/<id> for the 24-job scenario, cold (first read after start) and warm (answered
  within the cache lifetime), against the same upstream calls made one after another, as the orchestration
  command-line client reads a workflow and then each job.
- Upstream calls per status-filtered page: one console page of 50 for a status that 1 in 5 workflows of the tag have.
- First-load JS: per screen, the gzip (default level) of every chunk Next lists for it.
- DOM rows: Debian Chromium on /workflows, the list scrolled to its end until it says it holds the wanted number of
  rows; then the data rows in the DOM are counted (the list is virtualised).
- Preview / original: bytes of GET /api/media/<blobId>/preview against GET /api/media/<blobId>, tier-0 images.
- 50 reviewers: 50 connections for a fixed time, each request the next of a mix (list page, workflow drill-down,
  job evidence, image preview, image bytes); every non-2xx answer counts as an error.
- Two instances: two more consoles on one PostgreSQL database made for the run (dropped afterwards), 25 reviewers
  each, plus audited downloads (?download=1) on both; every download answered 200 must have its media_download row.
- Retry amplification: upstream calls / logical reads while 10 % of upstream answers are 503.
- Breaker: 100 % upstream 500s until the breaker opens; time to open, latency and upstream calls while open, then
  the first request after the reset timeout with the upstream healthy again.
- RSS: the console's resident memory while 20 clients stream the same video at once, above its idle figure.
- Console CPU per request: user + system CPU of the console process (/proc/<pid>/stat) during a proxy-overhead run,
  divided by its requests. Added latency, one connection: p50 of 200 distinct list pages of 20 through the console
  minus p50 of the same upstream calls made directly, one at a time. Cached job read: 20 jobs the console already
  holds, read by 20 clients, against reading the same jobs straight from the emulator.
- Browser timings: Debian Chromium against the build, times from the page's own clock (navigation start). Workflow
  page: the gallery scenario (18 outputs), until the first tile image is painted; cold = console restarted and an
  empty browser cache before each sample, warm = the same browser opening it again. User page: the risky user, as a
  moderator, until every section shows its data (no loading region left).

${handWritten}`;
}
