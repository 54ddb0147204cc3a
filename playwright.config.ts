import { defineConfig, devices } from '@playwright/test';

const consolePort = Number(process.env.E2E_CONSOLE_PORT ?? 3100);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 4110);
// The test OpenID provider of e2e/sso.spec.ts; 0 picks a free port (the tests reach it only through the console).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 0);
const baseURL = `http://127.0.0.1:${consolePort}`;
// Tests drive the emulator's loopback control endpoint (faults, call log, blob hashes) through this URL.
process.env.E2E_EMULATOR_URL = `http://127.0.0.1:${emulatorPort}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    // The production build (npm test builds first) against the embedded emulator, with a fresh database per run.
    command: `npx tsx scripts/serve.ts --console-port ${consolePort} --emulator-port ${emulatorPort} --oidc-port ${oidcPort} --e2e`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
