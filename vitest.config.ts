import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Suites that need no database, server or child process: `npm test -- --project unit` runs them
 * in seconds. Everything else (a new folder included, until it is listed here) is `e2e`.
 */
const UNIT = [
  'test/access/{accessControlOff,auditEncoding,decide,internalToken,rules,ttlCache}.test.ts',
  'test/architecture/**/*.test.ts',
  'test/bench/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/deploy/router.test.ts',
  'test/docs/{layout,links}.test.ts',
  'test/db/**/*.test.ts',
  'test/domain/**/*.test.ts',
  'test/gateway/{dedupeRepresentations,devKeys,fetchSharing,formsSubgraph,noPhoneHome,operationCache,oneByteNames,planExecution,representationIndex,subjects,uuidV7}.test.ts',
  'test/schema/**/*.test.ts',
  'test/shares/**/*.test.ts',
  'test/statistics/**/*.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; Node loads the CJS one for every dependency, so the
    // tests must too, or schemas cross "realms" and graphql refuses them.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    setupFiles: ['test/support/captureLogs.ts'],
    testTimeout: 60_000,
    // Room for a shared, loaded machine: a PGlite seeded in a hook took over 2 min at load 40.
    hookTimeout: 300_000,
    // Test files share one PostgreSQL test database and two cores: keep parallelism modest.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          globalSetup: ['test/support/globalSetup.ts'],
        },
      },
    ],
  },
});
