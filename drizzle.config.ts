import { defineConfig } from 'drizzle-kit';

/**
 * `npx drizzle-kit generate` writes versioned SQL migrations from the schema files; the console applies them at start
 * (lib/db/client.ts). Table references must stay unqualified (no "public".): the schema is chosen by search_path.
 */
export default defineConfig({
  dialect: 'postgresql',
  // Every lib/db/schema*.ts: the console's one schema, split by feature (auth + audit, media gate, review).
  schema: './lib/db/schema*.ts',
  out: './lib/db/migrations',
});
