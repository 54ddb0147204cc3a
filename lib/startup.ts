import { EnvError, parseEnv, type ConsoleEnv } from './env-schema';

// A wrong configuration stops start-up with one readable line naming the variable, and no stack.
let config: ConsoleEnv;
try {
  config = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// The risk indexer runs in the console's process unless INDEX_ENABLED=false (`npm run indexer` runs it alone).
if (config.INDEX_ENABLED) {
  const { startIndexer } = await import('./risk-index/instance');
  startIndexer();
}
