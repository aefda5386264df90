import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { type QueryPlan, QueryPlanner } from '@apollo/query-planner';
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import type { Caller } from '../../kernel/access/caller.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';
import { gatewayFormatError } from '../limits/limitErrors.ts';
import { operationSubjects } from '../rateLimit/subjects.ts';
import { bulkOperation } from './bulkPrefill.ts';
import { type FetchService, isDirectlyExecutable, type PlanRun, runPlan } from './planExecution.ts';
import type { RunOperation } from './prefill.ts';
import { operationShape, type ShapeField, shapeResult } from './resultShape.ts';

/** A form's operation, planned once: what runs it without Apollo's request pipeline. */
export interface FormOperation {
  plan: QueryPlan;
  shape: ShapeField[];
  /** The parsed operation: the subjects it names are read from it as the rate limit's plugin does. */
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * Each form's operation, single and bulk, keyed by its text and planned at start-up over the
 * supergraph with @apollo/query-planner, as the gateway would plan it for a request. An
 * operation whose answer `shapeResult` cannot make is left out, and keeps Apollo's execution.
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
      const shape = operationShape(apiSchema, operation);
      if (shape === null) continue;
      const plan = planner.buildQueryPlan(operationFromDocument(api, document));
      operations.set(text, { plan, shape, document, operation });
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
 * Runs a form's operation straight from its plan: each fetch goes through the gateway's own data
 * source (signed per subgraph, traced, bounded, shared in flight), so every subgraph still decides
 * and audits every field; the answer is merged and shaped as @apollo/gateway shapes it, its
 * errors re-rooted and formatted as the gateway's, without parsing, validating or planning the
 * operation again. Anything not planned here runs through Apollo.
 */
export function directRunner(options: DirectRunOptions): RunOperation {
  const { services, fallback, countSubjects } = options;
  const direct = new Map(
    [...options.operations].filter(
      ([, { plan }]) =>
        plan.node?.kind !== 'Subscription' &&
        (plan.node === undefined || isDirectlyExecutable(plan.node, services)),
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
    const data: Record<string, unknown> = Object.create(null);
    const run: PlanRun = { services, context, variables, errors: [] };
    const node = operation.plan.node;
    if (node && node.kind !== 'Subscription') await runPlan(run, node, data);
    const shaped = shapeResult(operation.shape, data);
    if (run.errors.length === 0) return { data: shaped };
    return { errors: run.errors.map((e) => gatewayFormatError(e, e)), data: shaped };
  };
}

/** A refusal before execution, formatted as Apollo Server formats it (no `http` extension). */
function refusal(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  const formatted = { ...error.toJSON(), extensions };
  return gatewayFormatError(formatted, error);
}
