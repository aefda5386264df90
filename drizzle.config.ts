import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './db/schema/population.ts',
    './db/schema/health_insurance.ts',
    './db/schema/driving.ts',
    './db/schema/vehicles.ts',
    './db/schema/tax.ts',
    './db/schema/access.ts',
    './db/schema/statistics.ts',
  ],
  out: './db/migrations',
});
