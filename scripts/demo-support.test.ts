import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgressLine, demoBox, sourceTreeHash } from './demo-support';

describe('sourceTreeHash', () => {
  it('changes with a source file and ignores build outputs, installs and demo data', () => {
    const root = mkdtempSync(join(tmpdir(), 'demo-hash-'));
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'page.tsx'), 'export default 1');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    const first = sourceTreeHash(root);

    for (const dir of ['.next', 'node_modules', '.data', 'test-results']) {
      mkdirSync(join(root, dir));
      writeFileSync(join(root, dir, 'anything'), String(Math.random()));
    }
    expect(sourceTreeHash(root)).toBe(first);

    writeFileSync(join(root, 'app', 'page.tsx'), 'export default 2');
    expect(sourceTreeHash(root)).not.toBe(first);
  });
});

describe('buildProgressLine', () => {
  it('keeps the phases and drops the route table and page counters', () => {
    expect(buildProgressLine('   Creating an optimized production build ...')).toBe('Creating an optimized production build');
    expect(buildProgressLine(' ✓ Compiled successfully in 21.4s')).toBe('Compiled successfully in 21.4s');
    expect(buildProgressLine('  Finished TypeScript in 77s ...')).toBe('Finished TypeScript in 77s');
    expect(buildProgressLine('  Generating static pages using 1 worker (6/24) ')).toBeNull();
    expect(buildProgressLine('✓ Generating static pages using 1 worker (24/24) in 732ms')).toBe('Generating static pages using 1 worker (24/24) in 732ms');
    expect(buildProgressLine('✓ Running next.config.ts took 89ms')).toBeNull();
    expect(buildProgressLine('  ✓ authInterrupts')).toBeNull();
    expect(buildProgressLine('✓ Finished writing to filesystem cache in 19.9s')).toBeNull();
    expect(buildProgressLine('├ ƒ /workflows')).toBeNull();
    expect(buildProgressLine('')).toBeNull();
  });
});

describe('demoBox', () => {
  it('frames the URL and every account in one box of equal-width lines', () => {
    const box = demoBox(
      'http://127.0.0.1:3000',
      [
        { role: 'viewer', email: 'viewer@demo.invalid', password: 'aaaa' },
        { role: 'admin', email: 'admin@demo.invalid', password: 'bbbbbbbb' },
      ],
      '.data/demo-accounts.json',
    );
    const lines = box.split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(box).toContain('http://127.0.0.1:3000');
    expect(box).toMatch(/viewer@demo\.invalid\s+aaaa\s+viewer/);
    expect(box).toMatch(/admin@demo\.invalid\s+bbbbbbbb\s+admin/);
    expect(box).toContain('--reset');
  });
  it('adds the company accounts and the provider’s address with --sso', () => {
    const box = demoBox('http://127.0.0.1:3000', [{ role: 'viewer', email: 'viewer@demo.invalid', password: 'aaaa' }], '.data/demo-accounts.json', {
      issuer: 'http://127.0.0.1:4030',
      password: 'idp-password',
      accounts: [
        { email: 'mona@corp.test', role: 'moderator' },
        { email: 'victor@corp.test', role: 'viewer' },
      ],
    });
    expect(box).toContain('Corp ID (http://127.0.0.1:4030)');
    expect(box).toContain('with the password idp-password');
    expect(box).toMatch(/│ mona@corp\.test +moderator +│/);
    expect(new Set(box.split('\n').map((line) => line.length)).size).toBe(1);
  });
});
