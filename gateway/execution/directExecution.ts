import { type Schema, Supergraph } from '@apollo/federation-internals';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface';
import { type DocumentNode, getVariableValues, type VariableDefinitionNode } from 'graphql';
import { operationShape } from './operationShape.ts';
import { answerFromPlan, type PlannedOperation } from './planAnswer.ts';
import { type FetchChannel, isRunnable, type PlanRun } from './planRunner.ts';
import { serviceMapChannel } from './serviceMapChannel.ts';

type Resolved = Parameters<Experimental_DidResolveQueryPlanCallback>[0];
type Executor = (requestContext: GatewayGraphQLRequestContext) => Promise<GatewayExecutionResult>;

/** What a request of a known operation runs with, made once from the gateway's first run of it. */
interface DirectOperation extends PlannedOperation {
  channel: FetchChannel<GatewayGraphQLRequestContext, unknown>;
  variableDefinitions: readonly VariableDefinitionNode[];
}

/**
 * Runs the cached plans of known operations without @apollo/gateway's per-request work: its
 * executor rebuilds the operation from the document on every request, walks the plan through
 * no-op spans, and shapes the answer with `computeResponse`, which resolves every field's
 * definition and type through the schema's objects (about a fifth of the gateway's CPU on The
 * Guild's query). Here the first request of an operation runs through the gateway as ever, and
 * `remember` (its `experimental_didResolveQueryPlan`) keeps the plan and a shape of the answer
 * compiled from the operation; the next requests with that parsed document (Apollo Server keeps
 * one per query text) run the plan with the same fetches, merges and errors (`planRunner.ts`,
 * through the service map: `serviceMapChannel.ts`) and shape the answer from plain data
 * (`operationShape.ts`), handing any answer it does not shape to the gateway's own shaping
 * (`planAnswer.ts`). An operation with what these do not cover stays with the gateway.
 */
export class DirectExecution {
  private readonly operations = new WeakMap<DocumentNode, Map<string, DirectOperation | null>>();
  /** For `executeQueryPlan`; built at start-up: at the first request it held the event loop long. */
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

  private prepare({ queryPlan, serviceMap, operationContext }: Resolved): DirectOperation | null {
    const { schema, operation, fragments } = operationContext;
    const node = queryPlan.node;
    if (node?.kind === 'Subscription' || (node && !isRunnable(node, schema))) return null;
    const shape = operationShape(schema, operation, fragments);
    if (!shape) return null;
    return {
      schema,
      node,
      channel: serviceMapChannel(serviceMap),
      shape,
      variableDefinitions: operation.variableDefinitions ?? [],
      operationContext,
      apiSchema: this.apiSchema,
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
  const run: PlanRun<GatewayGraphQLRequestContext, unknown> = {
    channel: known.channel,
    context: requestContext,
    variables,
    errors: [],
  };
  return (await answerFromPlan(known, run, () => requestContext)) as GatewayExecutionResult;
}
