// Every form template under schema/forms is checked against the composed supergraph: its operation
// validates against the API schema, every mapped path is a selected field, and its scopes are
// exactly those the fields' rules name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type GraphShape, graphShape, planForm } from '../../schema/forms/plan.ts';
import { type FormTemplate, loadFormTemplates } from '../../schema/forms/templates.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

const shape: GraphShape = graphShape(readFileSync(SUPERGRAPH_URL, 'utf8'));
const templates = loadFormTemplates();
const cccd = templates.get('cccd-reissue') as FormTemplate;

describe('form templates', () => {
  it('cover at least eight public services, each drawing on an agency beyond population', () => {
    expect(templates.size).toBeGreaterThanOrEqual(8);
    const agencies = new Set(
      [...templates.values()].flatMap((t) => planForm(t, shape).fields.map((f) => f.agency)),
    );
    expect([...agencies].sort()).toEqual([
      'driving',
      'health_insurance',
      'population',
      'tax',
      'vehicles',
    ]);
  });

  it.each([...templates.keys()])('%s names only paths the supergraph has', (code) => {
    const plan = planForm(templates.get(code) as FormTemplate, shape);
    expect(plan.fields.map((f) => f.name)).toEqual(Object.keys(plan.template.fields));
  });

  it('dates each field by the record that holds it', () => {
    const fields = new Map(planForm(cccd, shape).fields.map((f) => [f.name, f]));
    expect(fields.get('noiThuongTru')).toMatchObject({
      agency: 'population',
      scope: 'residence',
      recordPath: ['citizen', 'permanentResidence'],
    });
    expect(fields.get('soTheCu')).toMatchObject({
      scope: 'extended_identity',
      recordPath: ['citizen'],
    });
    const licence = planForm(templates.get('driver-licence-renewal') as FormTemplate, shape);
    expect(licence.fields.find((f) => f.name === 'hang')).toMatchObject({
      agency: 'driving',
      scope: 'driving',
      recordPath: ['citizen', 'driverLicences', 0],
    });
  });

  const variants: [string, Partial<FormTemplate>, RegExp][] = [
    [
      'a field the schema lacks',
      { fields: { x: 'citizen.shoeSize' } },
      /Citizen has no field shoeSize/,
    ],
    [
      'a field the operation does not select',
      { fields: { x: 'citizen.deceased' } },
      /does not select citizen.deceased/,
    ],
    [
      'an operation the schema refuses',
      { operation: cccd.operation.replace('fullName', 'fullName shoeSize') },
      /Cannot query field "shoeSize"/,
    ],
    [
      'an unindexed list',
      { ...templates.get('birth-registration'), fields: { x: 'citizen.guardians.relation' } },
      /must be indexed, e.g. guardians.0/,
    ],
    ['scopes that differ from the rules', { scopes: ['identity'] }, /scopes are \[identity\]/],
    [
      'a record whose updatedAt is not selected',
      { operation: cccd.operation.replace('address updatedAt', 'address') },
      /must select updatedAt on citizen.permanentResidence/,
    ],
  ];
  it.each(variants)('refuses a template with %s', (_, change, message) => {
    expect(() => planForm({ ...cccd, ...change }, shape)).toThrow(message);
  });
});
