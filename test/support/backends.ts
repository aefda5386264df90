import { inject } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { prepareDatabase } from '../../db/prepare.ts';

/** Citizens in the test population: enough for batches of 100 and every kind of sample. */
export const TEST_POPULATION = 600;

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

/**
 * PGlite always runs. PostgreSQL runs whenever DATABASE_URL is set, on a database of its own
 * (see globalSetup) so the tests never touch the configured one.
 */
export function backends(): Backend[] {
  const list: Backend[] = [
    {
      name: 'pglite',
      open: () => prepareDatabase({ seedCount: TEST_POPULATION }),
    },
  ];
  const url = inject('testDatabaseUrl');
  if (url) list.push({ name: 'postgres', open: async () => openDatabase({ url }) });
  return list;
}
