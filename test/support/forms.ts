import { readFileSync } from 'node:fs';
import { generateCitizen } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { type FormPlan, graphShape, planForm, type ResultPath } from '../../schema/forms/plan.ts';
import { type FormTemplate, loadFormTemplates } from '../../schema/forms/templates.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';
import { TEST_POPULATION } from './backends.ts';
import type { TestSystem } from './testSystem.ts';

/** Every form of schema/forms, planned against the committed supergraph. */
export const plans: FormPlan[] = (() => {
  const shape = graphShape(readFileSync(SUPERGRAPH_URL, 'utf8'));
  return [...loadFormTemplates().values()].map((t: FormTemplate) => planForm(t, shape));
})();
export const plan = (code: string) => plans.find((p) => p.template.code === code) as FormPlan;

export const at = (data: unknown, path: ResultPath): unknown =>
  path.reduce<unknown>((node, key) => (node == null ? undefined : (node as never)[key]), data);

/** The README's level-2 adult with data in all five agencies. */
export const adult = samplePersonalIds(TEST_POPULATION).find((s) =>
  s.label.startsWith('level-2 account, data in all five agencies'),
) as { index: number; personalId: string };

/**
 * Adults with an unlocked level-2 account and data in all five agencies, from `from` on: a suite
 * that gives consents takes subjects of its own, so suites sharing one database never meet.
 */
export function completeAdults(from: number, count: number) {
  const found: { index: number; personalId: string }[] = [];
  for (let index = from; index < TEST_POPULATION && found.length < count; index++) {
    const r = generateCitizen(index, TEST_POPULATION);
    const complete =
      r.eidAccount?.level === 2 &&
      !r.eidAccount.locked &&
      r.card !== null &&
      r.licences.length > 0 &&
      r.registrations.length > 0 &&
      r.declarations.length > 0;
    if (complete && r.citizen.personalId !== adult.personalId)
      found.push({ index, personalId: r.citizen.personalId });
  }
  if (found.length < count) throw new Error('too few adults with data in all five agencies');
  return found;
}

/** A level-2 citizen's own token, as the prefill suites sign it. */
export const citizenToken = (system: TestSystem, personalId: string) =>
  system.token({ sub: personalId, cg_kind: 'citizen', eid_level: 2 });

/** The one-stop-shop's token acting on behalf of that citizen (the `act` claim). */
export const oneStopShopToken = (system: TestSystem, personalId: string) =>
  system.token({
    sub: personalId,
    cg_kind: 'citizen',
    eid_level: 2,
    act: { sub: 'one-stop-shop' },
  });
