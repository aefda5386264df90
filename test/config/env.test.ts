// Every configuration variable, malformed, stops start-up with an error naming it (README,
// Configuration); unset or empty, it takes its default.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseConfig } from '../../db/config.ts';
import {
  ConfigError,
  envEnum,
  envInt,
  envJson,
  envPort,
  envString,
  envUrl,
  isProduction,
} from '../../db/env.ts';
import { authConfig } from '../../gateway/auth/authConfig.ts';
import { issuerConfigs } from '../../gateway/auth/issuers.ts';
import { gatewayConfig } from '../../gateway/config.ts';
import { accessControlOff } from '../../kernel/access/accessControlOff.ts';
import { subgraphKeyConfig } from '../../kernel/subgraphKey.ts';
import { privacyBudgetConfig } from '../../subgraphs/shared/statistics/config.ts';

afterEach(() => vi.unstubAllEnvs());

describe('the environment readers', () => {
  it('reads whole numbers within bounds', () => {
    vi.stubEnv('CG_N', '12');
    expect(envInt('CG_N', 5, { max: 20 })).toBe(12);
    vi.stubEnv('CG_N', '');
    expect(envInt('CG_N', 5)).toBe(5);
    for (const bad of ['0', '21', '1.5', '1e3', 'ten', '12abc']) {
      vi.stubEnv('CG_N', bad);
      expect(() => envInt('CG_N', 5, { max: 20 })).toThrow(
        new ConfigError(`CG_N must be a whole number from 1 to 20, got "${bad}"`),
      );
    }
  });

  it('reads ports from 1 to 65535', () => {
    vi.stubEnv('CG_PORT', '4000');
    expect(envPort('CG_PORT', 1)).toBe(4000);
    vi.stubEnv('CG_PORT', '65536');
    expect(() => envPort('CG_PORT', 1)).toThrow(/CG_PORT must be a whole number from 1 to 65535/);
  });

  it('reads URLs of the given schemes', () => {
    vi.stubEnv('CG_URL', 'https://tax.example.gov.vn/graphql');
    expect(envUrl('CG_URL', ['http:', 'https:'])).toBe('https://tax.example.gov.vn/graphql');
    for (const bad of ['tax:4005', 'ftp://tax/graphql', 'not a url']) {
      vi.stubEnv('CG_URL', bad);
      expect(() => envUrl('CG_URL', ['http:', 'https:'])).toThrow(
        new ConfigError(`CG_URL must be a http or https URL, got "${bad}"`),
      );
    }
  });

  it('reads one of a list of values', () => {
    vi.stubEnv('CG_MODE', 'off');
    expect(envEnum('CG_MODE', ['on', 'off'], 'on')).toBe('off');
    vi.stubEnv('CG_MODE', 'OFF');
    expect(() => envEnum('CG_MODE', ['on', 'off'], 'on')).toThrow(
      new ConfigError('CG_MODE must be one of on, off, got "OFF"'),
    );
  });

  it('reads JSON and names the variable when it or its shape is wrong', () => {
    const list = (value: unknown) => {
      if (!Array.isArray(value)) throw new Error('expected a list');
      return value as number[];
    };
    vi.stubEnv('CG_JSON', '[1,2]');
    expect(envJson('CG_JSON', list)).toEqual([1, 2]);
    vi.stubEnv('CG_JSON', '[1,');
    expect(() => envJson('CG_JSON', list)).toThrow(/CG_JSON must be valid JSON, got "\[1,"/);
    vi.stubEnv('CG_JSON', '{}');
    expect(() => envJson('CG_JSON', list)).toThrow(new ConfigError('CG_JSON: expected a list'));
  });

  it('reads free text, empty as unset', () => {
    vi.stubEnv('CG_TEXT', '');
    expect(envString('CG_TEXT', 'default')).toBe('default');
    expect(envString('CG_TEXT')).toBeUndefined();
  });
});

describe('each configuration variable, malformed', () => {
  const cases: [name: string, value: string, read: () => unknown][] = [
    ['PORT', '80a', gatewayConfig],
    ['GATEWAY_MAX_IN_FLIGHT', '0', gatewayConfig],
    ['GATEWAY_MAX_QUEUED', '-1', gatewayConfig],
    ['GATEWAY_OPERATION_CACHE_MIB', '0', gatewayConfig],
    ['SUBGRAPH_URL_HEALTH_INSURANCE', 'health_insurance:4002', gatewayConfig],
    ['DATABASE_URL', 'mysql://db/citizens', databaseConfig],
    ['DATABASE_POOL_SIZE', 'ten', databaseConfig],
    ['DATABASE_ACQUIRE_TIMEOUT_MS', '0', databaseConfig],
    ['SEED_COUNT', '100000000', databaseConfig],
    ['ACCESS_CONTROL', 'disabled', accessControlOff],
    ['GATEWAY_MAX_DEPTH', '0', gatewayConfig],
    ['GATEWAY_MAX_COST', 'lots', gatewayConfig],
    ['GATEWAY_MAX_FIELD_REPEATS', '0', gatewayConfig],
    ['GATEWAY_MAX_RESPONSE_BYTES', '8MiB', gatewayConfig],
    ['GATEWAY_RATE_LIMIT_SUBJECT', '-5', gatewayConfig],
    ['REDIS_URL', 'http://127.0.0.1:6379', gatewayConfig],
    ['SUBGRAPH_TIMEOUT_MS', '5s', gatewayConfig],
    ['GATEWAY_INFLIGHT_SHARING', 'yes', gatewayConfig],
    ['HTTP_HEADERS_TIMEOUT_MS', '0', gatewayConfig],
    ['SHUTDOWN_DELAY_MS', '-1', gatewayConfig],
    ['NODE_ENV', 'prod', isProduction],
    ['PRIVACY_BUDGET_EPSILON', '0.0001', privacyBudgetConfig],
    ['PRIVACY_BUDGET_EPSILON', '1e3', privacyBudgetConfig],
  ];
  it.each(cases)('%s=%s stops start-up with a message naming it', (name, value, read) => {
    vi.stubEnv(name, value);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(new RegExp(`^${name} must be .*, got "${value}"$`));
  });

  it.each([
    ['{"issuer":"x"}', /TRUSTED_ISSUERS: expected a JSON list/],
    ['[{"issuer"', /TRUSTED_ISSUERS must be valid JSON/],
    ['[{"issuer":"https://id.gov.vn","jwksUrl":"https://id.gov.vn/jwks"}]', /\[0\]\.audience/],
    ['[{"issuer":"i","audience":"a"}]', /\[0\] needs exactly one of jwksUrl and jwksFile/],
    ['[{"issuer":"i","audience":"a","jwksUrl":"id.gov.vn/jwks"}]', /\[0\]\.jwksUrl must be/],
    ['[{"issuer":"i","audience":"a","jwksFile":"/nonexistent/jwks.json"}]', /jwksFile/],
    ['[{"issuer":"i","audience":"a","jwks":"x"}]', /unknown keys: jwks/],
  ])('TRUSTED_ISSUERS=%s stops start-up naming it', async (value, message) => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('TRUSTED_ISSUERS', value);
    const failure = authConfig();
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(authConfig()).rejects.toThrow(/TRUSTED_ISSUERS/);
    await expect(authConfig()).rejects.toThrow(message);
  });

  it.each(['GATEWAY_TOKEN_SECRET_FILE', 'SUBGRAPH_TOKEN_KEY_FILE'])(
    '%s naming a file that cannot be read stops start-up naming it',
    async (name) => {
      vi.stubEnv('NODE_ENV', 'development');
      vi.stubEnv(name, '/nonexistent/secret');
      await expect(subgraphKeyConfig('tax')).rejects.toThrow(
        new ConfigError(`${name}: cannot read /nonexistent/secret (ENOENT)`),
      );
    },
  );

  it('accepts well-formed issuers', () => {
    expect(
      issuerConfigs([{ issuer: 'i', audience: 'a', jwksUrl: 'https://id.gov.vn/jwks' }]),
    ).toEqual([{ issuer: 'i', audience: 'a', jwksUrl: 'https://id.gov.vn/jwks' }]);
  });
});
