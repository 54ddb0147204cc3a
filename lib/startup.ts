import { EnvError, parseEnv, type ConsoleEnv } from './env-schema';
import { gatePolicy } from './moderation/config';
import { reasonCodes } from './review/server';

// A wrong configuration stops start-up with one readable line naming the variable, and no stack. The JSON policies
// are parsed by the layers that own them, so they are read here once to fail as early as the rest.
let config: ConsoleEnv;
try {
  config = parseEnv(process.env);
  gatePolicy();
  reasonCodes();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// The risk indexer runs in the console's process unless INDEX_ENABLED=false (`npm run indexer` runs it alone), and
// hands what it indexed to the output hasher (PDQ of every image output, for similar search and hash lists).
if (config.INDEX_ENABLED) {
  const [{ startIndexer }, { startOutputHasher }] = await Promise.all([import('./risk-index/console-indexer'), import('./similar/console-hasher')]);
  const hasher = startOutputHasher();
  startIndexer({ onOutputsIndexed: (outputs) => void hasher.enqueue(outputs) });
}
