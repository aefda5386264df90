// Scenario 5: a form's prefill. Ours answers it at its HTTP edge (`POST /forms/{code}/prefill`,
// authenticated, decided per field by consent, audited, signed); a plain gateway is sent the same
// form's GraphQL operation. 5a: one subject, by the one-stop-shop acting for the citizen; 5b: a
// portal's bulk prefill of 500 subjects. Every subject drawn has consented to the form.
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { consents } from '../db/schema/access.ts';
import { generateCitizen } from '../db/seed/generate.ts';
import { bulkOperation } from '../gateway/forms/bulkPrefill.ts';
import { formRegistry } from '../gateway/forms/formRegistry.ts';
import { type DevKeys, signDevToken } from '../kernel/devKeys.ts';
import type { FormPlan } from '../schema/forms/plan.ts';
import type { Call, Scenario } from './scenarios.ts';

export const PREFILL_FORM = 'health-insurance-reissue';
const SUBJECTS = 2_000;
const BULK = 500;
/** A 500-subject call keeps a gateway busy for a while: a portal's batch sends a few at once. */
const BULK_CONNECTIONS = 2;

type Fields = Record<string, { filled: boolean; reason?: string }>;
type Answer = {
  answer?: { subject?: string; fields?: Fields; subjects?: unknown[] };
  jws?: unknown;
};

/** Every field filled, or empty only because the agency holds no record: never refused. */
const fieldsProblem = (fields: Fields | undefined) => {
  if (!fields) return 'no fields';
  const refused = Object.entries(fields).find(([, f]) => !f.filled && f.reason !== 'NO_RECORD');
  return refused ? `${refused[0]}: ${refused[1].reason}` : null;
};

const jwsProblem = (jws: unknown) => (typeof jws === 'string' && jws ? null : 'no jws');

/**
 * The form's subjects, each with a one-stop-shop token acting for them: citizens whose e-ID account
 * is at level 2 and unlocked, as a health insurance form's fields require.
 */
async function subjects(count: number, keys: DevKeys) {
  const ids = new Set<string>();
  for (let k = 0; k < count && ids.size < SUBJECTS; k++) {
    const { citizen, eidAccount } = generateCitizen((k * 7_919) % count, count);
    if (eidAccount?.level === 2 && !eidAccount.locked) ids.add(citizen.personalId);
  }
  const tokens = await Promise.all(
    [...ids].map((id) =>
      signDevToken(
        keys,
        { sub: id, cg_kind: 'citizen', eid_level: 2, act: { sub: 'one-stop-shop' } },
        '1h',
      ),
    ),
  );
  return [...ids].map((id, k) => ({ id, token: tokens[k] as string }));
}

/**
 * Each subject's consent to the one-stop-shop for this form (its scopes and purpose), replacing any
 * a previous run left in the benchmark's database.
 */
export async function grantPrefillConsents(url: string, plan: FormPlan, ids: string[]) {
  const database = openDatabase({ url });
  const { scopes, purpose } = plan.template;
  const day = 86_400_000;
  const db = database.drizzle();
  await db
    .delete(consents)
    .where(and(eq(consents.granteeClientId, 'one-stop-shop'), eq(consents.purpose, purpose)));
  await db.insert(consents).values(
    ids.map((personalId) => ({
      personalId,
      granteeClientId: 'one-stop-shop',
      scopes,
      purpose,
      validFrom: new Date(Date.now() - day),
      validUntil: new Date(Date.now() + 30 * day),
      grantedBy: personalId,
      createdViaLevel: 2,
    })),
  );
  await database.close();
}

/** Scenarios 5a and 5b over a population of `count`, their subjects consented in `url`'s database. */
export async function prefillScenarios(
  count: number,
  url: string,
  keys: DevKeys,
): Promise<Scenario[]> {
  const plan = formRegistry().get(PREFILL_FORM) as FormPlan;
  const pool = await subjects(count, keys);
  await grantPrefillConsents(
    url,
    plan,
    pool.map((s) => s.id),
  );
  const portal = await signDevToken(keys, { sub: 'one-stop-shop', cg_kind: 'third_party' }, '1h');
  let next = 0;
  const pick = () => pool[next++ % pool.length] as (typeof pool)[number];
  const batch = () => Array.from({ length: BULK }, () => pick().id);
  const path = (action: string) => `/forms/${PREFILL_FORM}/${action}`;
  const graphql = (query: string, variables: object, check: (data: never) => string | null) =>
    ({
      body: JSON.stringify({ query, variables }),
      check: (json: unknown) => {
        const { data, errors } = json as { data?: never; errors?: unknown[] };
        if (errors) return `errors: ${JSON.stringify(errors).slice(0, 200)}`;
        return data ? check(data) : 'no data';
      },
    }) satisfies Call;
  return [
    {
      id: '5a',
      title: `prefill ${PREFILL_FORM}, one subject (one-stop-shop)`,
      graphql: (): Call => {
        const { id } = pick();
        return graphql(
          plan.template.operation,
          { personalId: id },
          (d: { citizen?: { personalId?: string } }) =>
            d.citizen?.personalId === id ? null : `expected ${id}`,
        );
      },
      edge: {
        path: path('prefill'),
        call: (): Call => {
          const { id, token } = pick();
          return {
            body: JSON.stringify({ personalId: id }),
            headers: { authorization: `Bearer ${token}` },
            check: (json) => {
              const { answer, jws } = json as Answer;
              if (answer?.subject !== id) return `expected ${id}`;
              return fieldsProblem(answer.fields) ?? jwsProblem(jws);
            },
          };
        },
      },
    },
    {
      id: '5b',
      title: `bulk prefill ${PREFILL_FORM}, ${BULK} subjects (portal)`,
      connections: BULK_CONNECTIONS,
      graphql: (): Call => {
        const ids = batch();
        return graphql(
          bulkOperation(plan),
          { personalIds: ids },
          (d: { citizens?: { personalId?: string }[] }) =>
            d.citizens?.length === ids.length &&
            d.citizens.every((c, k) => c?.personalId === ids[k])
              ? null
              : 'wrong citizens',
        );
      },
      edge: {
        path: path('prefill-bulk'),
        call: (): Call => {
          const ids = batch();
          return {
            body: JSON.stringify({ personalIds: ids }),
            headers: { authorization: `Bearer ${portal}` },
            check: (json) => {
              const { answer, jws } = json as Answer;
              const list = (answer?.subjects ?? []) as { subject: string; fields?: Fields }[];
              if (list.length !== ids.length) return `expected ${ids.length} subjects`;
              for (const [k, s] of list.entries()) {
                if (s.subject !== ids[k]) return `subject ${k}: expected ${ids[k]}`;
                const problem = fieldsProblem(s.fields);
                if (problem) return `${s.subject}: ${problem}`;
              }
              return jwsProblem(jws);
            },
          };
        },
      },
    },
  ];
}
