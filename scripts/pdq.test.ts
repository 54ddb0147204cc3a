import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REFERENCE_DIR = path.join(process.cwd(), '..', 'shared', 'pdq-reference');

describe('npm run pdq', () => {
  it('prints "<hex> <quality> <file>" per image, an error line for a bad file, and exits 1', async () => {
    const good = path.join(REFERENCE_DIR, 'q0122.jpg');
    const bad = path.join(REFERENCE_DIR, 'expected.csv');
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/pdq.ts', bad, good]);
    const failure = await run.then(
      () => expect.unreachable('a bad file must fail the run'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stdout).toMatch(new RegExp(`^[0-9a-f]{64} 100 ${good}\\n$`));
    expect(failure.stderr).toContain(`pdq: ${bad}: `);
  });
});
