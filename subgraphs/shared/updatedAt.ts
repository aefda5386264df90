/** `updatedAt` as ISO 8601: PostgreSQL and drizzle's relational queries each print it their own way. */
export const updatedAt = (row: { updatedAt: string }) => new Date(row.updatedAt).toISOString();
