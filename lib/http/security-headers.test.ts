import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, SONNER_STYLE_HASHES } from './security-headers';

/** The stylesheet sonner inserts at load, read from the installed package exactly as the browser will see it. */
function sonnerStylesheet(): string {
  const source = readFileSync(createRequire(import.meta.url).resolve('sonner'), 'utf8');
  const literal = /__insertCSS\(("(?:[^"\\]|\\.)*")\);/.exec(source)?.[1];
  if (!literal) throw new Error('sonner no longer inserts its stylesheet this way: revisit SONNER_STYLE_HASH');
  return JSON.parse(literal) as string;
}

describe('contentSecurityPolicy', () => {
  it('allows the installed sonner stylesheet by its hash in production, and no other inline style', () => {
    const hash = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
    expect(SONNER_STYLE_HASHES).toEqual([hash(''), hash(sonnerStylesheet())]);
    const policy = contentSecurityPolicy('n0nce', false);
    expect(policy).toContain(`style-src 'self' ${SONNER_STYLE_HASHES.join(' ')}`);
    expect(policy).not.toContain('unsafe-inline');
  });

  it('keeps unsafe-inline styles (and no hash, which would disable it) for next dev only', () => {
    const policy = contentSecurityPolicy('n0nce', true);
    expect(policy).toContain(`style-src 'self' 'unsafe-inline'`);
    expect(policy).not.toContain('sha256-');
  });
});
