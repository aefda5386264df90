import type { Example } from './examples.ts';

/** `JSON.stringify` safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

/**
 * The page: a bar to paste a development token and declare a purpose (sent as `authorization`
 * and `x-purpose` unless the headers editor sets them), and GraphiQL with one tab per caller kind.
 */
export function graphiqlPage(list: Example[]): string {
  const tabs = list.map((e) => ({
    query: [
      `# As ${e.caller}. Token: ${e.token}`,
      ...(e.purpose ? [`# Purpose: ${e.purpose}`] : []),
      e.query,
    ].join('\n'),
  }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Citizen Graph — GraphiQL (development)</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
<style>
  body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: sans-serif; }
  #bar { padding: 6px 10px; display: flex; gap: 8px; align-items: center; font-size: 14px; }
  #token { flex: 1; font-family: monospace; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="bar">
  <label for="token">Development token</label>
  <input id="token" placeholder="paste the output of the command in the tab's first line (npm run -s token -- …)" autocomplete="off">
  <label for="purpose">Purpose</label>
  <input id="purpose" placeholder="X-Purpose, e.g. case-handling" autocomplete="off">
</div>
<div id="graphiql"></div>
<script src="/graphiql/assets/react.js"></script>
<script src="/graphiql/assets/react-dom.js"></script>
<script src="/graphiql/assets/graphiql.js"></script>
<script>
  const input = (id) => {
    const element = document.getElementById(id);
    element.value = sessionStorage.getItem('cg-' + id) || '';
    element.addEventListener('input', () => sessionStorage.setItem('cg-' + id, element.value.trim()));
    return () => element.value.trim();
  };
  const token = input('token');
  const purpose = input('purpose');
  const fetchGraphQL = GraphiQL.createFetcher({ url: '/graphql' });
  const fetcher = (params, options = {}) => {
    const headers = {
      ...(token() ? { authorization: 'Bearer ' + token() } : {}),
      ...(purpose() ? { 'x-purpose': purpose() } : {}),
      ...(options.headers || {}),
    };
    return fetchGraphQL(params, { ...options, headers });
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: ${scriptJson(tabs)},
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
</script>
</body>
</html>
`;
}
