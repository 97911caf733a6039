import { BadRequestException } from '@nestjs/common';
import fc from 'fast-check';
import { numberParam, parseScenarioList, resolveParams, stringParam } from './params';

const SPECS = {
  ms: numberParam({ default: 500, min: 0, max: 60_000, integer: true, description: 'wait' }),
  rate: numberParam({ default: 0.5, min: 0, max: 1, description: 'share' }),
  route: stringParam({
    default: 'all',
    pattern: /^(all|\/[\w\-/.:]{0,200})$/,
    hint: '"all" or a path prefix such as /product',
    description: 'where',
  }),
};

const refusal = (attempt: () => unknown): string => {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('resolveParams', () => {
  it('fills what is not given with the defaults', () => {
    expect(resolveParams('latency', SPECS, {})).toEqual({ ms: 500, rate: 0.5, route: 'all' });
    expect(resolveParams('latency', SPECS, { ms: 10 })).toEqual({
      ms: 10,
      rate: 0.5,
      route: 'all',
    });
  });

  it.each([
    [{ ms: -1 }, 'Param ms of scenario latency must be an integer from 0 to 60000'],
    [{ ms: 1.5 }, 'Param ms of scenario latency must be an integer from 0 to 60000'],
    [{ ms: '100' }, 'Param ms of scenario latency must be an integer from 0 to 60000'],
    [{ ms: null }, 'Param ms of scenario latency must be an integer from 0 to 60000'],
    [{ rate: 2 }, 'Param rate of scenario latency must be a number from 0 to 1'],
    [
      { route: 'product' },
      'Param route of scenario latency must be "all" or a path prefix such as /product',
    ],
    [
      { route: 5 },
      'Param route of scenario latency must be "all" or a path prefix such as /product',
    ],
    [{ speed: 1 }, 'Scenario latency has no param speed (its params: ms, rate, route)'],
    [
      JSON.parse('{"__proto__": 1}') as object,
      'Scenario latency has no param __proto__ (its params: ms, rate, route)',
    ],
  ])('refuses %j naming the param', (given, message) => {
    expect(refusal(() => resolveParams('latency', SPECS, given as Record<string, unknown>))).toBe(
      message,
    );
  });

  it('reads numbers from env text, in plain decimals only', () => {
    expect(resolveParams('latency', SPECS, { ms: '300', rate: '0.25' }, true)).toMatchObject({
      ms: 300,
      rate: 0.25,
    });
    for (const text of ['1e3', '0x10', ' 5', '', 'Infinity', '5ms']) {
      expect(refusal(() => resolveParams('latency', SPECS, { ms: text }, true))).toContain(
        'Param ms',
      );
    }
  });

  it('fuzzed: any JSON value either lands within its spec or is refused with a message naming the param', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('ms', 'rate', 'route', 'other', 'constructor'),
          fc.jsonValue(),
        ),
        (given) => {
          let resolved: Record<string, unknown>;
          try {
            resolved = resolveParams('latency', SPECS, given);
          } catch (error) {
            expect(error).toBeInstanceOf(BadRequestException);
            expect((error as Error).message).toMatch(
              /^(Param (ms|rate|route) of scenario latency must|Scenario latency has no param (other|constructor))/,
            );
            return;
          }
          expect(Object.keys(resolved).sort()).toEqual(['ms', 'rate', 'route']);
          expect(Number.isInteger(resolved.ms) && (resolved.ms as number) <= 60_000).toBe(true);
          expect(resolved.rate as number).toBeGreaterThanOrEqual(0);
          expect(resolved.rate as number).toBeLessThanOrEqual(1);
          expect(resolved.route).toMatch(SPECS.route.pattern);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseScenarioList', () => {
  it('reads name[:k=v[,k=v]][;name…], skipping blanks', () => {
    expect(parseScenarioList('')).toEqual([]);
    expect(parseScenarioList(' latency:ms=300, jitter_ms=50 ; readiness-fail ;')).toEqual([
      { name: 'latency', params: { ms: '300', jitter_ms: '50' } },
      { name: 'readiness-fail', params: {} },
    ]);
    expect(parseScenarioList('latency:route=/product')).toEqual([
      { name: 'latency', params: { route: '/product' } },
    ]);
  });

  it.each([
    ['Latency', '"Latency" should be name[:param=value[,param=value]]'],
    ['latency:ms', '"ms" in "latency:ms" should be one param=value'],
    ['latency:ms=1=2', '"ms=1=2" in "latency:ms=1=2" should be one param=value'],
    ['latency:ms=1,ms=2', '"ms=2" in "latency:ms=1,ms=2" should be one param=value'],
    ['latency:,', '"" in "latency:," should be one param=value'],
  ])('refuses %j saying what it expected', (text, message) => {
    expect(refusal(() => parseScenarioList(text))).toBe(message);
  });

  it('fuzzed: any text parses or is refused, never anything else', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '-', ':', '=', ',', ';', ' ', '1', 'é') }),
        (text) => {
          try {
            for (const { name } of parseScenarioList(text))
              expect(name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
          } catch (error) {
            expect(error).toBeInstanceOf(BadRequestException);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
