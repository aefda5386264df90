import { readFileSync } from 'node:fs';
import { defineConfig } from 'drizzle-kit';

// The tables are the modules db/schema/index.ts re-exports: one list, read from there.
const index = readFileSync(new URL('./db/schema/index.ts', import.meta.url), 'utf8');
const schema = [...index.matchAll(/from '\.\/([\w.]+)'/g)].map((m) => `./db/schema/${m[1]}`);

export default defineConfig({ dialect: 'postgresql', schema, out: './db/migrations' });
