import { readFileSync } from 'node:fs';
import { type FormPlan, graphShape, planForm } from '../../schema/forms/plan.ts';
import { loadFormTemplates } from '../../schema/forms/templates.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

/** Every form in schema/forms, planned against the committed supergraph; a bad template stops start-up. */
export function formRegistry(): Map<string, FormPlan> {
  const shape = graphShape(readFileSync(SUPERGRAPH_URL, 'utf8'));
  return new Map([...loadFormTemplates()].map(([code, t]) => [code, planForm(t, shape)]));
}
