// The plugin The Guild's benchmark adds to Hive Gateway: a query whose method, URL, headers, text,
// variables and extensions equal those of one still executing waits for that execution's result.
import { getOperationAST } from 'graphql';

const keyOf = (context) => {
  const { request, params } = context;
  if (request.method !== 'GET' && request.method !== 'POST') return null;
  const headers = [...request.headers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    request.method,
    request.url,
    headers,
    params.operationName ?? '',
    params.query,
    params.variables ?? null,
    params.extensions ?? null,
  ]);
};

export function sharedExecutions() {
  const executing = new Map();
  return {
    onExecute({ args, context, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      const key = keyOf(context);
      if (key === null) return;
      setExecuteFn((executeArgs) => {
        let result = executing.get(key);
        if (!result) {
          result = Promise.resolve(executeFn(executeArgs));
          executing.set(key, result);
          const forget = () => executing.delete(key);
          result.then(forget, forget);
        }
        return result;
      });
    },
  };
}
