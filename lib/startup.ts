import { EnvError, parseEnv } from './env-schema';

// A wrong configuration stops start-up with one readable line naming the variable, and no stack.
try {
  parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
