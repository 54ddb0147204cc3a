import type { BenchEmulator } from './emulator';
import type { Figure } from './figures';
import type { Inventory } from './inventory';
import type { ConsoleProcess, ConsoleSettings } from './processes';

/** What every benchmark gets: the running console and emulator, a signed-in session, and the run's sizes. */

export type Mode = 'full' | 'smoke';

/** Sizes of one run; smoke keeps each benchmark to a fraction of a second or two. */
export interface RunSizes {
  /** Requests per side of a proxy-overhead comparison. */
  overheadRequests: number;
  /** Tier-0 images the media benchmarks cycle through. */
  mediaRefs: number;
  /** Warm drill-down reads, and sequential replays. */
  drillDownRepeats: number;
  /** Duration of the 50-reviewer run. */
  reviewersSeconds: number;
  /** Duration of the two-instance run. */
  twoInstanceSeconds: number;
  /** Rows the DOM-rows benchmark loads before counting. */
  domRowsLoaded: number;
  /** Logical reads under injected 5xx. */
  retryReads: number;
  /** Seconds of fail-fast load while the breaker is open. */
  breakerOpenSeconds: number;
}

export interface BenchContext {
  mode: Mode;
  sizes: RunSizes;
  distDir: string;
  emulator: BenchEmulator;
  /** The emulator's service token, for direct upstream reads (the console holds the same one). */
  upstreamToken: string;
  console: ConsoleProcess;
  /** How the console was started, so a benchmark can start more instances like it. */
  consoleSettings: ConsoleSettings;
  /** Cookie header of a signed-in moderator. */
  cookie: string;
  /** The emulator's published scenario facts (ids, counts); unknown shape until read. */
  scenarios: Record<string, unknown>;
  /** Ids read from the emulator, handed out once each. */
  inventory: Inventory;
  /**
   * Stops the console and starts it again on the same port and database with extra settings (none: as shipped).
   * ctx.console is the new process afterwards; sessions survive (they live in the database), caches do not.
   */
  restartConsole(extraEnv?: Record<string, string>): Promise<void>;
  /** Ports a benchmark may use for extra console instances. */
  sparePorts: number[];
  log(message: string): void;
}

export interface Benchmark {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** What a benchmark gets that brings its own upstream and database: no console, no shared emulator. */
export interface StandaloneContext {
  mode: Mode;
  /** Ports it may listen on or give its own processes. */
  ports: number[];
  log(message: string): void;
}

/** A benchmark that needs neither the console build nor the shared emulator (the risk indexer's). */
export interface StandaloneBenchmark {
  id: string;
  title: string;
  standalone: true;
  run(ctx: StandaloneContext): Promise<Figure[]>;
}
