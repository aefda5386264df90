// The floor: one Node process running the same SQL as the subgraphs (the same loaders), answering
// JSON over HTTP with no GraphQL and no hop between gateway and subgraphs.
import { createServer, type IncomingMessage } from 'node:http';
import { openDatabase } from '../../db/client.ts';
import { envInt, envPort } from '../../db/env.ts';
import * as drivingLoaders from '../../subgraphs/driving/loaders.ts';
import * as healthInsuranceLoaders from '../../subgraphs/health_insurance/loaders.ts';
import * as populationLoaders from '../../subgraphs/population/loaders.ts';
import * as taxLoaders from '../../subgraphs/tax/loaders.ts';
import * as vehiclesLoaders from '../../subgraphs/vehicles/loaders.ts';
import { BENCH_POOL_SIZE } from '../poolSize.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('the benchmark runs on PostgreSQL: set DATABASE_URL');
const db = openDatabase({
  url,
  poolSize: envInt('DATABASE_POOL_SIZE', BENCH_POOL_SIZE),
}).drizzle();
// The subgraphs' own statements, prepared once; fresh loaders per request as in the subgraphs.
const prepared = {
  population: populationLoaders.prepare(db),
  healthInsurance: healthInsuranceLoaders.prepare(db),
  driving: drivingLoaders.prepare(db),
  vehicles: vehiclesLoaders.prepare(db),
  tax: taxLoaders.prepare(db),
};
const population = () => populationLoaders.createLoaders(prepared.population);
const healthInsurance = () => healthInsuranceLoaders.createLoaders(prepared.healthInsurance);
const driving = () => drivingLoaders.createLoaders(prepared.driving);
const vehicles = () => vehiclesLoaders.createLoaders(prepared.vehicles);
const tax = () => taxLoaders.createLoaders(prepared.tax);

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Everything about citizens from all five agencies, one query per agency. */
async function citizens(ids: string[]) {
  const [p, h, d, v, t] = [population(), healthInsurance(), driving(), vehicles(), tax()];
  const [people, cards, licences, cars, taxpayers] = await Promise.all([
    p.citizen.loadMany(ids),
    h.card.loadMany(ids),
    d.licences.loadMany(ids),
    v.byOwner.loadMany(ids),
    t.taxpayer.loadMany(ids),
  ]);
  return ids.map((_, k) => ({
    citizen: people[k],
    healthInsurance: cards[k],
    driverLicences: licences[k],
    vehicles: cars[k],
    tax: taxpayers[k],
  }));
}

const routes: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
  '/citizen': async (body) => (await citizens([String(body.id)]))[0],
  '/identity': async (body) => population().citizen.load(String(body.id)),
  '/citizens': async (body) => citizens(body.ids as string[]),
  '/vehicle': async (body) => {
    const vehicle = await vehicles().byPlate.load(String(body.plate));
    if (!vehicle) return null;
    const [owner, licences] = await Promise.all([
      population().citizen.load(vehicle.personalId),
      driving().licences.load(vehicle.personalId),
    ]);
    return { ...vehicle, owner: { ...owner, driverLicences: licences } };
  },
};

const server = createServer(async (req, res) => {
  const route = routes[req.url ?? ''];
  if (!route) return void res.writeHead(404).end();
  try {
    const result = await route(await readJson(req));
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: result }));
  } catch (error) {
    res
      .writeHead(500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ message: String(error) }] }));
  }
});
server.keepAliveTimeout = 65_000;
const port = envPort('PORT', 4500);
server.listen(port, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${port}`));
