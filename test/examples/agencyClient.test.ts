// The typed client example for agency developers (examples/agency-client) against the whole
// system over HTTP: its generated types describe what the gateway answers, data and denials.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { citizenForAgency } from '../../examples/agency-client/client.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

const sample = samplePersonalIds(TEST_POPULATION).find((s) =>
  s.label.startsWith('level-2 account, data in all five agencies'),
);
const CLIENT = fileURLToPath(new URL('../../examples/agency-client/client.ts', import.meta.url));
// One backend is enough for an example: PostgreSQL when configured, else PGlite.
const backend = backends().at(-1);

describe(`the agency client example on ${backend?.name}`, () => {
  let system: TestSystem;
  const agency = async (scopes: string[]) => ({
    url: system.url,
    token: await system.token({
      sub: 'example-agency',
      cg_kind: 'agency',
      scope: scopes.join(' '),
    }),
    purpose: 'example-client',
  });

  beforeAll(async () => {
    system = await startTestSystem(backend as NonNullable<typeof backend>);
  });
  afterAll(() => system?.stop());

  it('reads a citizen and their card within its mandate', async () => {
    const caller = await agency(['identity', 'health_insurance']);
    const answer = await citizenForAgency(caller, { personalId: sample?.personalId as string });
    const expected = expectedCitizen(sample?.index as number);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.citizen).toEqual({
      personalId: expected.personalId,
      fullName: expected.fullName,
      dateOfBirth: expected.dateOfBirth,
      healthInsurance: {
        cardCode: expected.healthInsurance?.cardCode,
        validUntil: expected.healthInsurance?.validUntil,
      },
    });
  });

  it('gets the card null with NO_MANDATE outside its mandate, and the rest of the answer', async () => {
    const answer = await citizenForAgency(await agency(['identity']), {
      personalId: sample?.personalId as string,
    });
    expect(answer.data?.citizen?.fullName).toBe(expectedCitizen(sample?.index as number).fullName);
    expect(answer.data?.citizen?.healthInsurance).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        path: ['citizen', 'healthInsurance'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NO_MANDATE' }),
      }),
    ]);
  });

  it('runs as its header says, printing the card', async () => {
    const { token } = await agency(['identity', 'health_insurance']);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', CLIENT, sample?.personalId as string],
      { env: { ...process.env, GATEWAY_URL: system.url, TOKEN: token } },
    );
    const card = expectedCitizen(sample?.index as number).healthInsurance;
    expect(stdout.trim()).toBe(`${card?.cardCode} valid until ${card?.validUntil}`);
  });
});
