import type { ControlledRisk } from './scenarios';
import type { EmulatorControl } from './control';
import { Rng } from './rng';

/**
 * Live traffic (`--live <per minute>`): new workflows keep completing with the seeded risk mix, as on a busy day, each
 * announced by a callback where one is configured. Deterministic per seed: the n-th live workflow has the same owner
 * and risk on every run; only its time is the clock's.
 */

/** Roughly what a day of the seeded data holds: most outputs clean, a few near, fewer above. */
const RISK_MIX: ReadonlyArray<[ControlledRisk, number]> = [
  ['below', 0.82],
  ['near', 0.12],
  ['above', 0.06],
];

function pickRisk(rng: Rng): ControlledRisk {
  let roll = rng.next();
  for (const [risk, share] of RISK_MIX) {
    if (roll < share) return risk;
    roll -= share;
  }
  return 'below';
}

/** Starts the traffic; answers a function that stops it. */
export function startLiveTraffic(control: EmulatorControl, perMinute: number, seed: number): () => void {
  const { population } = control.store;
  let count = 0;
  const timer = setInterval(() => {
    const rng = new Rng(seed, 'live', count++);
    // Half from the integrator's end users, half from Civitai users (the riskiest ones more often).
    const civitai = rng.chance(0.5);
    const pool = population.pool;
    const ownerId = civitai && pool.length ? (rng.chance(0.2) ? population.riskyUser : pool[rng.int(0, Math.min(pool.length, 40) - 1)]!.id) : undefined;
    const endUser = ownerId === undefined ? population.endUsers[rng.int(0, population.endUsers.length - 1)] : undefined;
    control.completeWorkflow({ ownerId, endUser, risk: pickRisk(rng) });
  }, 60_000 / perMinute);
  timer.unref();
  return () => clearInterval(timer);
}
