import { startEmulator, type RunningEmulator } from '@/emulator/index';
import { closeDb } from '@/lib/db/client';
import { resetEnvForTests } from '@/lib/env';
import { resetMediaForTests } from '@/lib/media/console-media';
import { resetOrchestratorForTests } from '@/lib/orchestrator/console-client';
import { openTestDatabase, type TestDatabase } from './databases';

/**
 * The console's server side below HTTP for one test file: the in-process emulator behind the process-wide client
 * and media transport, and an in-memory PGlite. `dispose` puts the environment back as it was.
 */
export type ConsoleUnderTest = { emulator: RunningEmulator; database: TestDatabase; dispose(): Promise<void> };

export async function startConsoleUnderTest(options: { workflows: number }): Promise<ConsoleUnderTest> {
  const saved = { url: process.env.CIVITAI_API_URL, token: process.env.CIVITAI_API_TOKEN };
  const emulator = await startEmulator({ workflows: options.workflows });
  process.env.CIVITAI_API_URL = emulator.url;
  process.env.CIVITAI_API_TOKEN = emulator.control.scenarios.tokens.service;
  resetEnvForTests();
  resetOrchestratorForTests();
  await resetMediaForTests();
  const database = await openTestDatabase('PGlite');
  return {
    emulator,
    database,
    async dispose() {
      await resetMediaForTests();
      await closeDb();
      await database.dispose();
      await emulator.close();
      process.env.CIVITAI_API_URL = saved.url;
      process.env.CIVITAI_API_TOKEN = saved.token;
      resetEnvForTests();
      resetOrchestratorForTests();
    },
  };
}
