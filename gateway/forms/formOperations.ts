import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import type { Caller } from '../../kernel/access/caller.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';
import { buildOperationContext } from '../apolloGateway.ts';
import type { GatewayContext } from '../context.ts';
import { operationShape } from '../execution/operationShape.ts';
import { answerFromPlan, type PlanAnswer, type PlannedOperation } from '../execution/planAnswer.ts';
import { isRunnable, type PlanRun } from '../execution/planRunner.ts';
import { gatewayFormatError } from '../limits/limitErrors.ts';
import { operationSubjects } from '../rateLimit/subjects.ts';
import { agencyChannel, type FetchService } from './agencyChannel.ts';
import { bulkOperation } from './bulkPrefill.ts';
import type { RunOperation } from './prefill.ts';

/** A form's operation, planned once: what runs it without Apollo's request pipeline. */
export interface FormOperation {
  planned: PlannedOperation;
  /** The parsed operation: the subjects it names are read from it as the rate limit's plugin does. */
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * Each form's operation, single and bulk, keyed by its text and planned at start-up over the
 * supergraph with @apollo/query-planner, as the gateway would plan it for a request. An
 * operation `operationShape` does not compile (directives, abstract types) is left out, and keeps
 * Apollo's execution.
 */
export function planFormOperations(
  forms: ReadonlyMap<string, FormPlan>,
  supergraphSdl = readFileSync(SUPERGRAPH_URL, 'utf8'),
): Map<string, FormOperation> {
  const operations = new Map<string, FormOperation>();
  if (forms.size === 0) return operations;
  const supergraph = Supergraph.build(supergraphSdl);
  const api = supergraph.apiSchema();
  const apiSchema = api.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph, { exposeDocumentNodeInFetchNode: true });
  for (const form of forms.values()) {
    for (const text of [form.template.operation, bulkOperation(form)]) {
      const document = parse(text);
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      ) as OperationDefinitionNode;
      const operationContext = buildOperationContext({
        schema: apiSchema,
        operationDocument: document,
      });
      const shape = operationShape(
        apiSchema,
        operationContext.operation,
        operationContext.fragments,
      );
      if (shape === null) continue;
      const { node } = planner.buildQueryPlan(operationFromDocument(api, document));
      if (node?.kind === 'Subscription') continue;
      const planned = { node, shape, schema: apiSchema, operationContext, apiSchema: api };
      operations.set(text, { planned, document, operation });
    }
  }
  return operations;
}

export interface DirectRunOptions {
  operations: ReadonlyMap<string, FormOperation>;
  services: ReadonlyMap<string, FetchService>;
  /** Apollo's execution, for any other operation (a preview's, an approval's). */
  fallback: RunOperation;
  /** The subject rate limit the gateway's plugin applies to every operation; unset: none. */
  countSubjects?: ((caller: Caller, subjects: string[]) => Promise<void>) | undefined;
}

/**
 * Runs a form's operation straight from its plan with the gateway's own plan runner and answer
 * shaping (`gateway/execution/`), each fetch through the gateway's data source
 * (`agencyChannel.ts`), so every subgraph still decides and audits every field; its errors are
 * re-rooted and formatted as the gateway's, without parsing, validating or planning the operation
 * again. Anything not planned here runs through Apollo.
 */
export function directRunner(options: DirectRunOptions): RunOperation {
  const { fallback, countSubjects } = options;
  const channel = agencyChannel(options.services);
  const direct = new Map(
    [...options.operations].filter(
      ([, { planned }]) =>
        planned.node === undefined || isRunnable(planned.node, planned.schema, channel),
    ),
  );
  return async (query, variables, context) => {
    const operation = direct.get(query);
    if (!operation) return fallback(query, variables, context);
    if (countSubjects && !context.subjectsCounted) {
      try {
        const subjects = operationSubjects(operation.document, operation.operation, variables);
        await countSubjects(context.identity.caller, subjects);
      } catch (error) {
        if ((error as GraphQLError).extensions?.code !== 'RATE_LIMITED') throw error;
        return { errors: [refusal(error as GraphQLError)] };
      }
    }
    const run: PlanRun<GatewayContext, GraphQLFormattedError> = {
      channel,
      context,
      variables,
      errors: [],
    };
    const answer = await answerFromPlan(operation.planned, run, () =>
      shapingRequest(variables, context),
    );
    return formatted(answer);
  };
}

/** What @apollo/gateway's shaping of an answer with errors reads of a request. */
const shapingRequest = (variables: Record<string, unknown>, context: GatewayContext) =>
  ({ request: { variables }, context, metrics: {} }) as unknown as GatewayGraphQLRequestContext;

/** The answer as Apollo Server hands it on: errors formatted by the gateway's formatter. */
function formatted(answer: PlanAnswer<GraphQLFormattedError>): FormattedExecutionResult {
  const data = answer.data as FormattedExecutionResult['data'];
  if (!answer.errors?.length) return { data };
  const errors = answer.errors.map((error) =>
    error instanceof GraphQLError
      ? gatewayFormatError(error.toJSON(), error)
      : gatewayFormatError(error, error),
  );
  return { errors, data };
}

/** A refusal before execution, formatted as Apollo Server formats it (no `http` extension). */
function refusal(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  const formatted = { ...error.toJSON(), extensions };
  return gatewayFormatError(formatted, error);
}
