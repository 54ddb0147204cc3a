import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkflowPageSchema } from '../lib/orchestrator/schemas';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm run emulator', () => {
  it('prints exactly its listening line on a free port, and takes tokens from flags', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--seed', '3', '--workflows', '80', '--service-token', 'flag-service-token', '--user-token', '8484131=flag-user-token'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve) => lines.once('line', resolve));
      expect(first).toMatch(/^emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = first.replace('emulator listening on ', '');
      const list = await fetch(`${url}/v2/consumer/workflows?take=3`, { headers: { Authorization: 'Bearer flag-service-token' } });
      expect(WorkflowPageSchema.parse(await list.json()).items).toHaveLength(3);
      const mine = await fetch(`${url}/v2/consumer/workflows?take=3`, { headers: { Authorization: 'Bearer flag-user-token' } });
      expect(WorkflowPageSchema.parse(await mine.json()).items.every((w) => w.id?.startsWith('8484131-'))).toBe(true);
      // The demo service token is replaced, not added.
      expect((await fetch(`${url}/v2/consumer/workflows`, { headers: { Authorization: 'Bearer emu-service-token-demo-0001' } })).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
