import {
  type Operation,
  operationFromDocument,
  type Schema,
  Supergraph,
} from '@apollo/federation-internals';
import type { Experimental_DidResolveQueryPlanCallback, ServiceMap } from '@apollo/gateway';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import type { PlanNode } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type VariableDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { NOT_SHAPED, type ObjectShape, operationShape, shapeData } from './operationShape.ts';
import { isRunnable, type PlanRun, runPlan } from './planRunner.ts';

type Executor = (requestContext: GatewayGraphQLRequestContext) => Promise<GatewayExecutionResult>;

/** What a request of a known operation runs with, made once from the gateway's first run of it. */
interface DirectOperation {
  schema: GraphQLSchema;
  node: PlanNode | undefined;
  services: ServiceMap;
  shape: ObjectShape;
  variableDefinitions: readonly VariableDefinitionNode[];
  /** For `computeResponse`, which makes the answers that carry errors. */
  operation: Operation;
}

/**
 * Runs the cached plans of known operations without @apollo/gateway's per-request work: its
 * executor rebuilds the operation from the document on every request, walks the plan through
 * no-op spans, and shapes the answer with `computeResponse`, which resolves every field's
 * definition and type through the schema's objects (about a fifth of the gateway's CPU on The
 * Guild's query). Here the first request of an operation runs through the gateway as ever, and
 * `remember` (its `experimental_didResolveQueryPlan`) keeps the plan and a shape of the answer
 * compiled from the operation; the next requests with that parsed document (Apollo Server keeps
 * one per query text) run the plan with the same fetches, merges and errors (`planRunner.ts`)
 * and shape the answer from plain data (`operationShape.ts`), handing any answer it does not
 * shape to `computeResponse`. An operation with what these do not cover stays with the gateway.
 */
export class DirectExecution {
  private readonly operations = new WeakMap<DocumentNode, Map<string, DirectOperation | null>>();
  /** Built at start-up: built at the first request, it held that request's event loop for long. */
  private readonly apiSchema: Schema;

  constructor(supergraphSdl: string) {
    this.apiSchema = Supergraph.build(supergraphSdl).apiSchema();
  }

  readonly remember: Experimental_DidResolveQueryPlanCallback = (resolved) => {
    const { document, request } = resolved.requestContext;
    let byName = this.operations.get(document);
    if (!byName) {
      byName = new Map();
      this.operations.set(document, byName);
    }
    const name = request.operationName ?? '';
    if (!byName.has(name)) byName.set(name, this.prepare(resolved));
  };

  private prepare({
    queryPlan,
    serviceMap,
    operationContext: { schema, operation, fragments },
  }: Parameters<Experimental_DidResolveQueryPlanCallback>[0]): DirectOperation | null {
    const node = queryPlan.node;
    if (node?.kind === 'Subscription' || (node && !isRunnable(node, schema))) return null;
    const shape = operationShape(schema, operation, fragments);
    if (!shape) return null;
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [operation, ...Object.values(fragments)],
    };
    return {
      schema,
      node,
      services: serviceMap,
      shape,
      variableDefinitions: operation.variableDefinitions ?? [],
      operation: operationFromDocument(this.apiSchema, document, { validate: false }),
    };
  }

  /** The gateway's executor, with the operations it has run once run directly. */
  executor(gateway: Executor): Executor {
    return (requestContext) => {
      const { document, request, schema } = requestContext;
      const known = this.operations.get(document)?.get(request.operationName ?? '');
      // The gateway answers this header (outside production) with its plan: its path does.
      if (!known || known.schema !== schema || request.http?.headers.get(PLAN_HEADER))
        return gateway(requestContext);
      return execute(known, requestContext);
    };
  }
}

const PLAN_HEADER = 'Apollo-Query-Plan-Experimental';

/** @apollo/gateway's `executor` and `executeQueryPlan` for an operation it has planned. */
async function execute(
  known: DirectOperation,
  requestContext: GatewayGraphQLRequestContext,
): Promise<GatewayExecutionResult> {
  const variables = requestContext.request.variables;
  if (known.variableDefinitions.length > 0) {
    const { errors } = getVariableValues(known.schema, known.variableDefinitions, variables ?? {});
    if (errors) return { errors };
  }
  const run: PlanRun = { services: known.services, requestContext, errors: [] };
  const input: Record<string, unknown> = Object.create(null);
  if (known.node) await runPlan(run, known.node, input);
  const errors = run.errors as GraphQLError[];
  const shaped = shapeData(known.shape, input);
  if (shaped !== NOT_SHAPED)
    return errors.length === 0 ? { data: shaped } : { errors, data: shaped };
  let data: Record<string, unknown> | null | undefined;
  try {
    const response = computeResponse({
      operation: known.operation,
      variables,
      input,
      introspectionHandling: () => {
        throw new Error('an operation with introspection is left to @apollo/gateway');
      },
    });
    data = response.data;
    if (errors.length === 0 && response.errors.length > 0)
      return { extensions: { valueCompletion: response.errors }, data };
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    if (error instanceof Error)
      return { errors: [new GraphQLError(error.message, { originalError: error })] };
    requestContext.logger.error(`Unexpected error during query plan execution: ${error}`);
    return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
  }
  return errors.length === 0 ? { data } : { errors, data };
}
