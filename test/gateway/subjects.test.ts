import { type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationSubjects } from '../../gateway/rateLimit/subjects.ts';

const DOCUMENT = parse(`
  query Q($id: ID!, $ids: [ID!]!, $plate: String!) {
    citizen(personalId: $id) { fullName }
    citizens(personalIds: $ids) { fullName }
    literal: citizen(personalId: "001099000001") { fullName }
    ...Vehicle
  }
  fragment Vehicle on Query { vehicle(plate: $plate) { plate } }
`);
const operation = DOCUMENT.definitions[0] as OperationDefinitionNode;

describe('operationSubjects', () => {
  it('names every subject an operation reads: literals, variables, lists and fragments', () => {
    const subjects = operationSubjects(DOCUMENT, operation, {
      id: '001099000002',
      ids: ['001099000003', '001099000004'],
      plate: '29A-123.45',
    });
    expect(subjects.sort()).toEqual(
      ['001099000001', '001099000002', '001099000003', '001099000004', '29A-123.45'].sort(),
    );
  });

  it("reads each request's own variables when the same parsed document comes again", () => {
    const first = operationSubjects(DOCUMENT, operation, {
      id: '001099000005',
      ids: [],
      plate: 'A',
    });
    const second = operationSubjects(DOCUMENT, operation, {
      id: '001099000006',
      ids: ['001099000007'],
      plate: 'B',
    });
    expect(first.sort()).toEqual(['001099000001', '001099000005', 'A']);
    expect(second.sort()).toEqual(['001099000001', '001099000006', '001099000007', 'B']);
  });
});
