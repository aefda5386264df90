import { generateCitizen } from '../../db/seed/generate.ts';
import { TEST_POPULATION } from './backends.ts';

/** Every personal ID, name and address of the test population: what no log line may hold. */
export function seededPersonalData(count = TEST_POPULATION): string[] {
  const values = new Set<string>();
  for (let i = 0; i < count; i++) {
    const { citizen, residences } = generateCitizen(i, count);
    values.add(citizen.personalId);
    values.add(citizen.fullName);
    for (const r of residences) values.add(r.address);
  }
  return [...values];
}

/** A JWT anywhere in a line: a caller's token or the gateway's internal one. */
const TOKEN = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

/** The lines that hold a seeded value or a token, each with what was found. */
export function findPersonalData(lines: readonly string[], values: readonly string[]) {
  const found: { line: string; value: string }[] = [];
  for (const line of lines) {
    const token = TOKEN.exec(line)?.[0];
    if (token) found.push({ line, value: 'a token' });
    const value = values.find((v) => line.includes(v));
    if (value) found.push({ line, value });
  }
  return found;
}
