import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // The wire layer knows no policy: scores stay as received there, and meaning is lib/moderation's (STYLE.md).
    files: ['lib/orchestrator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/lib/moderation/*', '../moderation/*'], message: 'lib/orchestrator is the wire: it must not import lib/moderation.' }] },
      ],
    },
  },
  {
    // components/ui holds the primitives: they know no feature, so any feature can use them without a cycle (STYLE.md).
    // What a primitive needs from a feature comes in as props or children.
    files: ['components/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/components/*', '!@/components/ui', '../*'],
              message: 'components/ui imports only lib/ and other ui files: take what a feature supplies as props or children.',
            },
          ],
        },
      ],
    },
  },
  globalIgnores(['.next*/**', 'out/**', 'build/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'lib/db/migrations/**']),
]);
