import 'server-only';
import { parseEnv, type ConsoleEnv } from './env-schema';

let cached: ConsoleEnv | undefined;

/** The validated configuration, read once per process. Server-only: the token must never reach a bundle. */
export function env(): ConsoleEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between cases; this forgets the cached parse. */
export function resetEnvForTests(): void {
  cached = undefined;
}
