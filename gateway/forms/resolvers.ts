import { GraphQLScalarType } from 'graphql';
import { codedError, unauthenticated } from '../../kernel/errors.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';
import type { BulkSubject } from './bulkPrefill.ts';
import {
  BULK_PREFILL_TYP,
  formPlan,
  PREFILL_TYP,
  PrefillRefused,
  prefillMany,
  prefillOne,
  type RunOperation,
  type SignAnswer,
} from './prefill.ts';
import type { PrefilledField } from './prefillAnswer.ts';
import type { Resolvers } from './resolverTypes.generated.ts';

type Context = GatewayContext;

export interface FormsSubgraphDependencies {
  forms: ReadonlyMap<string, FormPlan>;
  sign: SignAnswer;
  /** The gateway's own execution, for the form's operation (see prefill.ts). */
  run: RunOperation;
}

const FormValue = new GraphQLScalarType({
  name: 'FormValue',
  serialize: (value) => {
    if (typeof value === 'string' || typeof value === 'number') return value;
    throw new TypeError('a form value is a string or a number');
  },
});

const jwsText = (pieces: Buffer[]) => Buffer.concat(pieces).toString('latin1');

/** The answer's fields in the form's order, each named: GraphQL has no keyed maps. */
const fieldList = (fields: Record<string, PrefilledField>) =>
  Object.entries(fields).map(([name, f]) => ({ name, ...f, value: f.value as string | number }));

const subjectOf = (s: BulkSubject) =>
  'error' in s ? { subject: s.subject, error: s.error } : { ...s, fields: fieldList(s.fields) };

/** Only the gateway's own request context reaches these resolvers; anything else is refused. */
function identified(context: Context): Context {
  if (!(context as Partial<Context> | undefined)?.identity)
    throw unauthenticated('the forms subgraph answers the gateway only');
  return { ...context, subjectsCounted: true };
}

/** The route's refusals as GraphQL errors, with the same code and reason. */
async function refusalsAsErrors<T>(answer: () => Promise<T>): Promise<T> {
  try {
    return await answer();
  } catch (error) {
    if (!(error instanceof PrefillRefused)) throw error;
    throw codedError(error.extensions.code, error.message, error.extensions);
  }
}

export function formsResolvers({
  forms,
  sign,
  run,
}: FormsSubgraphDependencies): Resolvers<Context> {
  return {
    FormValue,
    Query: {
      prefillForm: (_, { code, personalId }, context) =>
        refusalsAsErrors(async () => {
          const answer = await prefillOne(
            run,
            formPlan(forms, code),
            personalId,
            identified(context),
          );
          const jws = jwsText(sign(Buffer.from(JSON.stringify(answer)), PREFILL_TYP));
          return { ...answer, fields: fieldList(answer.fields), jws };
        }),
      prefillFormBulk: (_, { code, personalIds }, context) =>
        refusalsAsErrors(async () => {
          const plan = formPlan(forms, code);
          const answer = await prefillMany(run, plan, personalIds, identified(context));
          const jws = jwsText(sign(Buffer.from(JSON.stringify(answer)), BULK_PREFILL_TYP));
          return { ...answer, subjects: answer.subjects.map(subjectOf), jws };
        }),
    },
  };
}
