// Preloaded (`node --require`) into our subgraphs' bench process. graphql-js chooses its
// `instanceOf` when first loaded: unless NODE_ENV is `production`, every check that fails
// (`isListType` on an object type, …) also reads `Symbol.toStringTag` to warn of two copies of
// graphql, ~5 % of the subgraphs' CPU on scenario 3. Production runs with NODE_ENV=production
// (deploy/), which the bench cannot set (it refuses access control off), so the product's graphql
// is loaded here as production loads it; every other module still sees NODE_ENV=benchmark.
const { createRequire } = require('node:module');
const { join } = require('node:path');

const previous = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // The product's copy (the one the bundle imports), not bench/node_modules's.
  createRequire(join(__dirname, '..', '..', 'package.json'))('graphql');
} finally {
  if (previous === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = previous;
}
