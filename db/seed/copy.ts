import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { generateCitizen } from './generate.ts';
import { type SeedOptions, TARGETS } from './seed.ts';

/**
 * Writes citizens start..count-1 into every agency's schema with COPY, one transaction a batch.
 * Batches are large because each COPY ends with a ~40 ms stall (postgres.js leaves Nagle's
 * algorithm on, so the closing CopyDone waits for a delayed ACK); 50,000 citizens are ~40 MB.
 */
export async function seedWithCopy(
  sql: postgres.Sql,
  { count, batchSize = 50_000, onProgress, start = 0 }: SeedOptions,
) {
  const layouts = TARGETS.map(([key, table]) => [key, copyLayout(table)] as const);
  for (let from = start; from < count; from += batchSize) {
    const to = Math.min(count, from + batchSize);
    const writers = layouts.map(([key, layout]) => [key, new CopyTextWriter(layout)] as const);
    for (let index = from; index < to; index++) {
      const record = generateCitizen(index, count);
      for (const [key, writer] of writers) {
        const value = record[key];
        if (value === null) continue;
        if (Array.isArray(value)) for (const row of value) writer.add(row);
        else writer.add(value);
      }
    }
    await sql.begin(async (tx) => {
      // The connection's statement timeout is meant for the gateway's queries, not bulk loads.
      await tx`SET LOCAL statement_timeout = 0`;
      for (const [, writer] of writers) {
        const chunks = writer.finish();
        if (chunks.length > 0) await copyIn(tx, writer.layout.statement, chunks);
      }
    });
    onProgress?.(to);
  }
  // Fresh statistics for the planner: without them (autovacuum off, or not yet run) it takes a
  // million-row table for a few hundred and plans nested loops; the statistics refresh next is
  // the first to suffer.
  await sql.unsafe(
    `analyze ${TARGETS.map(([, table]) => {
      const { schema, name } = getTableConfig(table);
      return `"${schema}"."${name}"`;
    }).join(', ')}`,
  );
}

/** Streams text-format chunks into one `COPY … FROM STDIN`, with backpressure. */
async function copyIn(tx: postgres.TransactionSql, statement: string, chunks: Buffer[]) {
  const query = tx.unsafe(statement);
  const refused = serverError(query);
  await Promise.race([pipeline(Readable.from(chunks), await query.writable()), refused]);
}

/**
 * postgres.js 3.4.9 never finishes the writable when the server refuses the data after the last
 * chunk (porsager/postgres#1173): the caller would hang and the transaction never roll back. The
 * server's error still reaches the query's own `reject`, so listen there.
 */
function serverError(query: object): Promise<never> {
  const internal = query as unknown as { reject?: (error: unknown) => void };
  const refused = new Promise<never>((_, reject) => {
    const original = internal.reject;
    if (typeof original !== 'function') return;
    internal.reject = (error) => {
      reject(error);
      original(error);
    };
  });
  refused.catch(() => {}); // observed through Promise.race; may settle before it is reached
  return refused;
}

interface CopyColumn {
  /** Property of the drizzle insert row. */
  key: string;
  /** Written when the row leaves the property undefined: a plain default, or NULL. */
  fallback: unknown;
}

export interface CopyLayout {
  statement: string;
  columns: readonly CopyColumn[];
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The COPY statement and column order for a drizzle table. */
export function copyLayout(table: PgTable): CopyLayout {
  const { schema, name } = getTableConfig(table);
  const entries = Object.entries(getTableColumns(table));
  const columns = entries.map(([key, column]) => {
    // Text-format COPY cannot ask for DEFAULT (before PostgreSQL 16), so only plain values can
    // stand in for an omitted property; a generated default (now(), random UUID) must be given.
    if (column.hasDefault && (column.default === undefined || is(column.default, SQL))) {
      return { key, fallback: MISSING };
    }
    return { key, fallback: column.hasDefault ? column.default : null };
  });
  const target = schema ? `${quote(schema)}.${quote(name)}` : quote(name);
  const list = entries.map(([, column]) => quote(column.name)).join(', ');
  return { statement: `COPY ${target} (${list}) FROM STDIN`, columns };
}

const MISSING = Symbol('no plain default');

/** Collects rows as COPY text, UTF-8 encoded in chunks of about CHUNK_CHARS characters. */
class CopyTextWriter {
  static readonly CHUNK_CHARS = 64 * 1024;
  readonly #chunks: Buffer[] = [];
  #lines: string[] = [];
  #chars = 0;

  constructor(readonly layout: CopyLayout) {}

  add(row: Record<string, unknown>) {
    const { columns } = this.layout;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const { key, fallback } = columns[i] as CopyColumn;
      let value = row[key];
      if (value === undefined) {
        if (fallback === MISSING) throw new Error(`${this.layout.statement}: ${key} is not set`);
        value = fallback;
      }
      line += i === 0 ? copyField(value) : `\t${copyField(value)}`;
    }
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= CopyTextWriter.CHUNK_CHARS) this.#flush();
  }

  finish(): Buffer[] {
    if (this.#lines.length > 0) this.#flush();
    return this.#chunks;
  }

  #flush() {
    this.#chunks.push(Buffer.from(`${this.#lines.join('\n')}\n`));
    this.#lines = [];
    this.#chars = 0;
  }
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in PostgreSQL's COPY text format. */
export function copyField(value: unknown): string {
  switch (typeof value) {
    case 'string':
      // Testing first is much cheaper than replace() on the vast majority of strings.
      return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c] as string) : value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return '\\N';
  }
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(`COPY text format: unsupported value ${String(value)}`);
}
