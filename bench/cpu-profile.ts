/**
 * Where the console's CPU goes: summarises V8 CPU profiles written by a console started with BENCH_CPU_PROF=<dir>
 * (e.g. `BENCH_CPU_PROF=/tmp/prof npm run bench -- --only proxy`; a profile is written when a console stops).
 *
 *   tsx bench/cpu-profile.ts <file.cpuprofile>... [--top 25]
 *
 * Frames inside Next's server bundles are mapped back to their source files through the build's source maps, so the
 * tables name lib/… files and packages rather than minified chunks. Prints self time by source and time spent
 * under each source (inclusive: a file counts once per sample however deep it is on the stack).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

interface ProfileNode {
  id: number;
  parent?: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: options, positionals: files } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (files.length === 0) {
  console.error('usage: tsx bench/cpu-profile.ts <file.cpuprofile>... [--top 25]');
  process.exit(2);
}

const consumers = new Map<string, SourceMapConsumer | null>();
function consumerFor(url: string): SourceMapConsumer | null {
  if (!consumers.has(url)) {
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    const map = `${path}.map`;
    consumers.set(url, existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, 'utf8')) as RawSourceMap) : null);
  }
  return consumers.get(url)!;
}

/** A readable place: `lib/…`/`app/…` for our code, the package name for a dependency, or Node's own. */
function nameOf(source: string): string {
  const clean = decodeURIComponent(source).replace(/^.*?\[project\]\//, '').replace(/^(\.\.\/)+/, '');
  const nodeModules = clean.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const [first, second] = clean.slice(nodeModules + 'node_modules/'.length).split('/');
    return first!.startsWith('@') ? `${first}/${second}` : first!;
  }
  return clean;
}

function placeOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/server/chunks/') || url.includes('/server/app/')) {
    const original = consumerFor(url)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
    if (original?.source) return nameOf(original.source);
  }
  return nameOf(url.replace(/^file:\/\//, ''));
}

const self = new Map<string, number>();
const under = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) nodes.get(child)!.parent = node.id;
  const places = new Map<number, string>();
  const place = (node: ProfileNode) => {
    if (!places.has(node.id)) places.set(node.id, placeOf(node.callFrame));
    return places.get(node.id)!;
  };
  profile.samples.forEach((nodeId, index) => {
    const node = nodes.get(nodeId)!;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    self.set(place(node), (self.get(place(node)) ?? 0) + micros);
    const onStack = new Set<string>();
    for (let at: ProfileNode | undefined = node; at; at = at.parent === undefined ? undefined : nodes.get(at.parent)) onStack.add(place(at));
    for (const name of onStack) under.set(name, (under.get(name) ?? 0) + micros);
  });
}

const top = Number(options.top);
const rows = (map: Map<string, number>) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
console.log(`busy CPU in ${files.length} profile(s): ${(total / 1000).toFixed(0)} ms (idle excluded)\n`);
console.log(`self time by source:\n${rows(self)}\n`);
console.log(`time under each source (inclusive):\n${rows(under)}`);
