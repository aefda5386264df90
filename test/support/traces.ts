import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';
import { CITIZEN_FIELDS } from './expected.ts';
import type { TestSystem } from './testSystem.ts';

/** Every field of one citizen, from all five subgraphs. */
export const CITIZEN_QUERY = `query Citizen($id: ID!) { citizen(personalId: $id) { ${CITIZEN_FIELDS} } }`;

/**
 * Asks `system` for one citizen and returns the spans that query left in `exporter`: all of them,
 * the server spans of one service (`server`), and the gateway's own server span.
 */
export async function tracedCitizenQuery(
  system: TestSystem,
  exporter: InMemorySpanExporter,
  personalId: string,
) {
  exporter.reset();
  const result = await system.query(CITIZEN_QUERY, { id: personalId });
  expect(result.errors).toBeUndefined();
  // The subgraphs end their server spans after the answer has left.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const spans = exporter.getFinishedSpans();
  const server = (service: string) =>
    spans.filter((s) => s.kind === 1 && s.attributes['cg.service'] === service);
  const [gateway] = server('gateway');
  expect(gateway, 'the gateway server span').toBeDefined();
  return { spans, server, gateway: gateway as ReadableSpan };
}
