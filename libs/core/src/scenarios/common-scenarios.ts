import { HttpException, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_CONFIG, ServiceConfig, TOPOLOGY } from '@app/config';
import { LifecycleState } from '@app/health';
import { numberParam, stringParam } from './params';
import { ScenarioHandle, ScenarioSwitchboard } from './switchboard';

/**
 * What the scenarios leave alone: the switches themselves (so a presenter can always turn
 * them off), probes, scrapes, the API docs and the console.
 */
const UNTOUCHED = /^\/(admin|health|healthz|metrics|docs|console)(\/|$)/;

export const INJECTED_FAILURE_MESSAGE = 'Injected failure (scenario error-rate)';

const LATENCY_PARAMS = {
  ms: numberParam({
    default: 500,
    min: 0,
    max: 60_000,
    integer: true,
    description: 'Added wait, in ms',
  }),
  jitter_ms: numberParam({
    default: 0,
    min: 0,
    max: 60_000,
    integer: true,
    description: 'Up to this much more, at random, in ms',
  }),
  route: stringParam({
    default: 'all',
    pattern: /^(all|\/[\w\-/.:]{0,200})$/,
    hint: '"all" or a path prefix such as /product',
    description: 'Which requests wait: all, or those whose path starts with this',
  }),
};

const ERROR_RATE_PARAMS = {
  rate: numberParam({ default: 0.5, min: 0, max: 1, description: 'Share of requests that fail' }),
  status: numberParam({
    default: 500,
    min: 400,
    max: 599,
    integer: true,
    description: 'The status they fail with',
  }),
};

const BLOCK_PARAMS = {
  ms: numberParam({
    default: 200,
    min: 1,
    max: 10_000,
    integer: true,
    description: 'Synchronous work per request, in ms',
  }),
};

/** Busy for `ms` on the event loop, as a synchronous parse or hash of a big input would be. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose: nothing else on this thread runs meanwhile
  }
}

function matchesRoute(path: string, route: string): boolean {
  return (
    route === 'all' || path === route || path.startsWith(route.endsWith('/') ? route : `${route}/`)
  );
}

interface PerRequestScenarios {
  readonly latency: ScenarioHandle<typeof LATENCY_PARAMS>;
  readonly errorRate: ScenarioHandle<typeof ERROR_RATE_PARAMS>;
  readonly eventLoopBlock: ScenarioHandle<typeof BLOCK_PARAMS>;
}

/**
 * The scenarios every service has (docs/SCENARIOS.md): `latency`, `error-rate` and
 * `event-loop-block` act on each request through {@link ScenarioFaultsMiddleware};
 * `readiness-fail` holds the readiness probe at 503. A load generator serves nothing but
 * probes, metrics and docs, which the per-request scenarios leave alone, so it gets only
 * `readiness-fail` (and its own `loadgen-surge`).
 */
@Injectable()
export class CommonScenarios {
  readonly perRequest?: PerRequestScenarios;
  /** Whether any per-request scenario is on: the one check every request pays for. */
  active = false;

  constructor(
    switchboard: ScenarioSwitchboard,
    lifecycle: LifecycleState,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    if (TOPOLOGY[config.service].kind === 'service') {
      const recompute = () => {
        const { latency, errorRate, eventLoopBlock } = this.perRequest ?? {};
        this.active = Boolean(latency?.enabled || errorRate?.enabled || eventLoopBlock?.enabled);
      };
      this.perRequest = {
        latency: switchboard.define({
          name: 'latency',
          description: 'Every request waits `ms` (plus up to `jitter_ms`) before it is handled',
          params: LATENCY_PARAMS,
          onSwitch: recompute,
        }),
        errorRate: switchboard.define({
          name: 'error-rate',
          description: 'A share `rate` of requests fails with `status`',
          params: ERROR_RATE_PARAMS,
          onSwitch: recompute,
        }),
        eventLoopBlock: switchboard.define({
          name: 'event-loop-block',
          description: 'Every request blocks the event loop for `ms`, slowing every other request',
          params: BLOCK_PARAMS,
          onSwitch: recompute,
        }),
      };
    }
    switchboard.define({
      name: 'readiness-fail',
      description: 'The readiness probe answers 503 while liveness stays 200',
      params: {},
      onSwitch: (enabled) =>
        lifecycle.holdReadiness(enabled ? 'scenario readiness-fail' : undefined),
    });
  }
}

/**
 * Runs behind the request observer, so what it does is timed, counted, logged and traced
 * as the service's own behaviour: first the wait, then the blocking work, then the failure.
 */
@Injectable()
export class ScenarioFaultsMiddleware implements NestMiddleware {
  constructor(private readonly scenarios: CommonScenarios) {}

  use(req: Request, _res: Response, next: NextFunction): Promise<void> | void {
    const scenarios = this.scenarios.perRequest;
    if (!this.scenarios.active || !scenarios || UNTOUCHED.test(req.path)) {
      next();
      return;
    }
    const { latency } = scenarios;
    if (latency.enabled && matchesRoute(req.path, latency.params.route)) {
      // a rejection of the returned promise reaches the error filter like a thrown error
      return sleep(latency.params.ms + Math.random() * latency.params.jitter_ms).then(() =>
        this.afterWait(scenarios, next),
      );
    }
    this.afterWait(scenarios, next);
  }

  private afterWait({ eventLoopBlock, errorRate }: PerRequestScenarios, next: NextFunction): void {
    if (eventLoopBlock.enabled) blockEventLoop(eventLoopBlock.params.ms);
    if (errorRate.enabled && Math.random() < errorRate.params.rate) {
      throw new HttpException(INJECTED_FAILURE_MESSAGE, errorRate.params.status);
    }
    next();
  }
}
