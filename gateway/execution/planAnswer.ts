import type { Schema } from '@apollo/federation-internals';
import type { buildOperationContext, ServiceMap } from '@apollo/gateway';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { executeQueryPlan } from '../apolloGateway.ts';
import { NOT_SHAPED, type ObjectShape, shapeData } from './operationShape.ts';
import { type PlanRun, runPlan } from './planRunner.ts';

/** An operation planned and compiled once, answered per request from plain data. */
export interface PlannedOperation {
  /** Runnable (`isRunnable`), or undefined for an operation that fetches nothing. */
  node: PlanNode | undefined;
  shape: ObjectShape;
  /** The API schema, and what the gateway's own shaping of the answers with errors takes. */
  schema: GraphQLSchema;
  operationContext: ReturnType<typeof buildOperationContext>;
  apiSchema: Schema;
}

/** An answer: the run's failures, or the gateway's shaping errors where it threw. */
export interface PlanAnswer<Failure> {
  data?: Record<string, unknown> | null | undefined;
  errors?: readonly (Failure | GraphQLError)[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/**
 * Runs the operation's plan and makes the client's answer as @apollo/gateway's `executeQueryPlan`
 * does: shaped from plain data (`shapeData`) when the merged data is whole and valid, else by
 * `executeQueryPlan` itself, fed the merged data by one fetch that answers it (its
 * `computeResponse` is not a public export), with `requestContext()` for what it reads.
 */
export async function answerFromPlan<C, F>(
  operation: PlannedOperation,
  run: PlanRun<C, F>,
  requestContext: () => GatewayGraphQLRequestContext,
): Promise<PlanAnswer<F>> {
  const input: Record<string, unknown> = Object.create(null);
  if (operation.node) await runPlan(run, operation.node, input);
  const errors = run.errors;
  const shaped = shapeData(operation.shape, input);
  if (shaped !== NOT_SHAPED)
    return errors.length === 0 ? { data: shaped } : { errors, data: shaped };
  const merged: QueryPlan = {
    kind: 'QueryPlan',
    node: { kind: 'Fetch', serviceName: MERGED, operation: '', operationKind: 'query' } as PlanNode,
  };
  const services: ServiceMap = { [MERGED]: { process: async () => ({ data: input }) } };
  const shapedByGateway = await executeQueryPlan(
    merged,
    services,
    requestContext(),
    operation.operationContext,
    operation.schema,
    operation.apiSchema,
  );
  // A thrown shaping error is the whole answer; otherwise the fetches' errors come first, and
  // value-completion errors are reported only where there are none, as the gateway does.
  if (shapedByGateway.data === undefined || errors.length === 0) return shapedByGateway;
  return { errors, data: shapedByGateway.data };
}

const MERGED = '\u0000merged';
