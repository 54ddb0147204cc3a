import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const folder = join(process.cwd(), 'lib', 'db', 'migrations');
const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };

describe('migrations', () => {
  it('has one SQL file per journal entry, in order', () => {
    const files = readdirSync(folder).filter((name) => name.endsWith('.sql')).sort();
    expect(files).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`));
    const times = journal.entries.map((entry) => entry.when);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('never names a schema: search_path picks it, so tests and deployments can use their own', () => {
    // drizzle-kit writes REFERENCES "public"."user"; strip the qualifier after generating a migration.
    for (const entry of journal.entries) {
      const text = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
      expect(text, entry.tag).not.toMatch(/"public"\./i);
    }
  });
});
