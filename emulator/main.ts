/**
 * The emulator as a process:
 *   npm run emulator -- --port 4010 --seed 42 --workflows 2000 [--manager-list bare] [--service-token t]
 *     [--user-token <userId>=<t>]... [--latency 50] [--jitter 10] [--control] [--anchor <ISO instant>]
 *     [--callback-url <url> --callback-secret <secret>] [--live <workflows per minute>]
 * The seeded data is dated relative to --anchor: by default the minute the process starts, so "the last 24 h" and
 * the console's risk index window mean something in the demo; give a fixed instant for repeatable dates.
 * --live keeps completing new workflows with the seeded risk mix (emulator/live.ts), each with a callback if configured.
 * Prints exactly `emulator listening on http://127.0.0.1:<port>` once ready, then the tokens.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './index';
import { startLiveTraffic } from './live';
import { INTEGRATOR_USER_ID } from './seed/population';
import { DEMO_SERVICE_TOKEN, DEMO_USER_TOKENS } from './tokens';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    seed: { type: 'string', default: '42' },
    workflows: { type: 'string', default: '2000' },
    'manager-list': { type: 'string', default: 'paged' },
    'manager-take-cap': { type: 'string', default: '100' },
    'service-token': { type: 'string' },
    'user-token': { type: 'string', multiple: true, default: [] },
    latency: { type: 'string', default: '0' },
    jitter: { type: 'string', default: '0' },
    control: { type: 'boolean', default: false },
    anchor: { type: 'string' },
    'callback-url': { type: 'string' },
    'callback-secret': { type: 'string', default: process.env.ORCHESTRATOR_WEBHOOK_SECRET },
    live: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`emulator: ${message}`);
  process.exit(2);
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) fail(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}

const userTokens: Record<string, string> = {};
for (const pair of values['user-token']) {
  const match = /^(\d{1,10})=(\S{8,})$/.exec(pair);
  if (!match) fail('--user-token must be <userId>=<token> (token of 8+ characters)');
  userTokens[match[1] as string] = match[2] as string;
}
const managerList = values['manager-list'];
if (managerList !== 'paged' && managerList !== 'bare') fail('--manager-list must be paged or bare');
if (values['service-token'] !== undefined && values['service-token'].length < 8) fail('--service-token must be 8+ characters');
const callbackUrl = values['callback-url'];
if (callbackUrl !== undefined && !/^https?:\/\/\S+$/.test(callbackUrl)) fail('--callback-url must be an http(s) URL');
const callbackSecret = values['callback-secret'];
if (callbackUrl !== undefined && (callbackSecret === undefined || callbackSecret.length < 16)) {
  fail('--callback-url needs --callback-secret (or ORCHESTRATOR_WEBHOOK_SECRET) of 16+ characters');
}
const latency = integer('latency', values.latency, 0, 600_000);
const jitter = integer('jitter', values.jitter, 0, 600_000);
const anchorMs = values.anchor === undefined ? Math.floor(Date.now() / 60_000) * 60_000 : Date.parse(values.anchor);
if (!Number.isFinite(anchorMs) || !/^\d{4}-\d{2}-\d{2}T/.test(values.anchor ?? '2000-01-01T')) fail('--anchor must be an ISO instant, e.g. 2026-11-20T12:00:00Z');

const seed = integer('seed', values.seed, 0, 2 ** 31 - 1);
const livePerMinute = values.live === undefined ? 0 : integer('live', values.live, 1, 600);

const emulator = await startEmulator({
  port: integer('port', values.port, 0, 65_535),
  seed,
  workflows: integer('workflows', values.workflows, 1, 1_000_000),
  managerList,
  managerTakeCap: integer('manager-take-cap', values['manager-take-cap'], 1, 1000),
  serviceToken: values['service-token'],
  userTokens,
  latency: latency || jitter ? { fixedMs: latency, jitterMs: jitter } : undefined,
  control: values.control,
  anchor: new Date(anchorMs),
  callback: callbackUrl === undefined ? undefined : { url: callbackUrl, secret: callbackSecret! },
});

console.log(`emulator listening on ${emulator.url}`);
console.log(`service token (integrator ${INTEGRATOR_USER_ID}, manager role): ${values['service-token'] ?? DEMO_SERVICE_TOKEN}`);
for (const [userId, token] of Object.entries({ ...DEMO_USER_TOKENS, ...userTokens })) console.log(`user token (Civitai user ${userId}): ${token}`);
if (callbackUrl) console.log(`workflow callbacks: ${callbackUrl}`);
if (livePerMinute) {
  startLiveTraffic(emulator.control, livePerMinute, seed);
  console.log(`live traffic: ${livePerMinute} new workflows per minute`);
}
if (values.control) console.log(`control endpoint: ${emulator.url}/__emulator/ (loopback only)`);

const stop = () => void emulator.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
