import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';


/**
 * Imports run downhill (STYLE.md): app → components → lib, and inside lib each layer imports only the layers below
 * it. Listed bottom first; folders on one line are one layer and do not import each other.
 */
const LIB_LAYERS = [
  ['lib/{env,env-schema,env-error,json-setting,log,utils}.ts', 'lib/text/**', 'lib/pdq/**'], // configuration, logging, pure helpers
  ['lib/request/**'], // what a request says: client address, path, origin
  ['lib/db/**'], // drizzle schema, migrations, the connection
  ['lib/orchestrator/**'], // the wire: contract schemas, the client, upstream reads and writes
  ['lib/audit/**'], // the audit trail every sensitive action writes first
  ['lib/auth/**'], // sessions, roles, users
  ['lib/hash-lists/**'], // imported PDQ hash lists and the outputs they match
  ['lib/moderation/**'], // meaning: scan scores, bands, gate tiers, reveals
  ['lib/risk-index/**'], // the stored read model and its indexer
  ['lib/media/**'], // the gate's byte routes and blob placement
  ['lib/similar/**'], // PDQ hashes of indexed outputs, and the similar search over them
  ['lib/review/**'], // decisions, the queue, review tags
  ['lib/users/**', 'lib/workflows/**', 'lib/evidence/**', 'lib/team/**'], // what the user, workflow, evidence and leads' screens read
  ['lib/http/**'], // routes' plumbing: the route wrapper, problem answers, request guards
  ['lib/queries/**', 'lib/palette/**'], // the browser's data layer and the command palette
  ['lib/startup.{ts,tsx}'], // the server's start: configuration checked, the indexer started
];
// The role vocabulary is plain data every layer may name (the schema's enum, the audit trail's actor).
const ROLE_VOCABULARY = ['**/lib/auth/roles.ts', '**/lib/auth/session-user.ts'];

const layerZones = LIB_LAYERS.flatMap((layer, index) => {
  const above = LIB_LAYERS.slice(index + 1).flat();
  const sameLayer = (target) => layer.filter((folder) => folder !== target);
  return layer.flatMap((target) => [
    ...(above.length > 0
      ? [{ target, from: above, except: ROLE_VOCABULARY, message: 'lib imports run downhill: this layer may not import a layer above it (eslint.config.mjs, LIB_LAYERS).' }]
      : []),
    ...(sameLayer(target).length > 0 ? [{ target, from: sameLayer(target), message: 'Folders of one layer do not import each other.' }] : []),
  ]);
});

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    // Tests may compose layers (a wire test driving a review write); the rule is for what ships.
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            { target: 'lib/**', from: ['components/**', 'app/**', 'emulator/**', 'test/**', 'scripts/**'], message: 'lib is below components and app, and ships no test or emulator code.' },
            { target: 'components/**', from: ['app/**'], message: 'components are below app.' },
            { target: 'app/api/**', from: ['components/**'], message: 'Route handlers answer data: they take nothing from components.' },
          ],
        },
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
  {
    // lib/queries is the one source of React Query keys (keys.ts) and of the options that read them, so a write can
    // find every cached copy of what it changed. Elsewhere a key is taken from there, never spelled.
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    ignores: ['lib/queries/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='queryKey'] > ArrayExpression",
          message: 'Query keys come from lib/queries/keys.ts (queryKeys), not array literals.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(getQueryData|setQueryData|getQueriesData|setQueriesData)$/] > ArrayExpression",
          message: 'Query keys come from lib/queries/keys.ts (queryKeys), not array literals.',
        },
      ],
    },
  },
  globalIgnores(['.next*/**', 'out/**', 'build/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'lib/db/migrations/**']),
]);
