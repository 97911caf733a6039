import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SERVICE_NAMES, ServiceName, TOPOLOGY, isServiceName } from '@app/config';
import { isErrorBody } from '@app/contracts';
import type { ScenarioState } from '@app/core';
import {
  DownstreamHttp,
  DownstreamResponse,
  DownstreamUnavailableError,
  downstreamMessage,
} from '@app/http-client';
import { untraced } from '@app/logging';
import { consoleConfig } from '../config/gateway.config';
import { TrafficCounters, trafficCounters } from './traffic-counters';

/** One service as the console shows it. */
export interface ConsoleService {
  name: ServiceName;
  /** Where the gateway reaches it. */
  url: string;
  kind: 'service' | 'load-generator';
  /** The services it calls. */
  calls: ServiceName[];
  /** Whether it answered at least one of the two reads. */
  up: boolean;
  /** Its scenarios; null when they could not be read. */
  scenarios: ScenarioState[] | null;
  /** Cumulative counters from its `/metrics`; null when that could not be read. */
  requests: number | null;
  errors: number | null;
  /** Why a read failed (unreachable, timeout, an admin token needed), null when none did. */
  problem: string | null;
}

export interface ConsoleOverview {
  /** When the gateway read the services (ms since the epoch), for rates between two reads. */
  at: number;
  links: { tokenPage: string; grafana: string | null };
  services: ConsoleService[];
}

/** The answer of a service to a switch, passed on as it came. */
export interface ForwardedAnswer {
  status: number;
  body: unknown;
}

/** The service could not be reached (or did not answer in time) to switch a scenario. */
export class ServiceUnreachableError extends Error {}

function hasScenarioList(data: unknown): data is { scenarios: ScenarioState[] } {
  return (
    typeof data === 'object' &&
    data !== null &&
    Array.isArray((data as { scenarios?: unknown }).scenarios)
  );
}

/**
 * The console's server side: it reads the scenarios and traffic counters of the nine
 * services and forwards switches to them, so that the browser talks to the gateway alone
 * (on Kubernetes the services are not reachable from outside).
 */
@Injectable()
export class ConsoleReader {
  private readonly logger = new Logger(ConsoleReader.name);

  constructor(
    private readonly http: DownstreamHttp,
    @Inject(consoleConfig.KEY) private readonly config: ConfigType<typeof consoleConfig>,
  ) {}

  /** Every service, read in parallel; a service that fails is shown as such, never thrown. */
  async overview(authorization?: string): Promise<ConsoleOverview> {
    const services = await Promise.all(
      SERVICE_NAMES.map((name) => this.readService(name, authorization)),
    );
    const { tokenPageUrl, grafanaUrl } = this.config;
    return { at: Date.now(), links: { tokenPage: tokenPageUrl, grafana: grafanaUrl }, services };
  }

  /**
   * Forwards `PUT /admin/scenarios/:name` to the service and returns its answer as it came
   * (200, 400, 401, 404). Unknown service → 404; no answer → {@link ServiceUnreachableError}.
   */
  async switchScenario(
    service: string,
    scenario: string,
    body: unknown,
    authorization?: string,
  ): Promise<ForwardedAnswer> {
    if (!isServiceName(service)) throw new NotFoundException(`Service ${service} not found`);
    // a dot segment would be resolved away in the forwarded URL (PUT /admin/scenarios/.. is
    // PUT /admin/): no scenario has such a name
    if (scenario === '.' || scenario === '..') {
      throw new NotFoundException(`Scenario ${scenario} not found`);
    }
    try {
      const { status, data } = await this.call(
        service,
        'PUT',
        `/admin/scenarios/${encodeURIComponent(scenario)}`,
        this.config.switchTimeoutMs,
        authorization,
        body,
      );
      return { status, body: data };
    } catch (error) {
      if (error instanceof DownstreamUnavailableError) {
        throw new ServiceUnreachableError(error.message);
      }
      throw error;
    }
  }

  private async readService(name: ServiceName, authorization?: string): Promise<ConsoleService> {
    const spec = TOPOLOGY[name];
    const [scenarios, metrics] = await Promise.allSettled([
      this.call(name, 'GET', '/admin/scenarios', this.config.readTimeoutMs, authorization),
      this.call(name, 'GET', '/metrics', this.config.readTimeoutMs),
    ]);
    const problems: string[] = [];
    let list: ScenarioState[] | null = null;
    if (scenarios.status === 'rejected') {
      problems.push(this.describe(scenarios.reason));
    } else if (scenarios.value.status === 200 && hasScenarioList(scenarios.value.data)) {
      list = scenarios.value.data.scenarios;
    } else {
      problems.push(`scenarios: ${this.answered(scenarios.value)}`);
    }
    let counters: TrafficCounters | null = null;
    if (metrics.status === 'rejected') {
      problems.push(this.describe(metrics.reason));
    } else if (metrics.value.status === 200 && typeof metrics.value.data === 'string') {
      counters = trafficCounters(spec, metrics.value.data);
    } else {
      problems.push(`metrics: ${this.answered(metrics.value)}`);
    }
    return {
      name,
      url: this.config.services[name],
      kind: spec.kind,
      calls: [...new Set(Object.values(spec.downstreams))],
      up: scenarios.status === 'fulfilled' || metrics.status === 'fulfilled',
      scenarios: list,
      requests: counters?.requests ?? null,
      errors: counters?.errors ?? null,
      // the same failure of both reads (refused, timed out) is told once
      problem: problems.length > 0 ? [...new Set(problems)].join('; ') : null,
    };
  }

  /** One call to a service with its own deadline; only a failure to get an answer throws. */
  private call(
    service: ServiceName,
    method: 'GET' | 'PUT',
    path: string,
    timeoutMs: number,
    authorization?: string,
    body?: unknown,
  ): Promise<DownstreamResponse<unknown>> {
    const deadline = AbortSignal.timeout(timeoutMs);
    // the console's own traffic: traced, every open console would draw the gateway calling
    // all nine services in a trace-derived service map
    return untraced(() =>
      this.http.request<unknown>({
        service,
        baseUrl: this.config.services[service],
        method,
        path,
        body,
        headers: authorization ? { authorization } : undefined,
        signal: deadline,
      }),
    ).catch((error: unknown) => {
      // the deadline is ours (the caller's signal), which DownstreamHttp reports as a cut
      // connection: say what happened
      if (error instanceof DownstreamUnavailableError && deadline.aborted) {
        throw new DownstreamUnavailableError(
          service,
          'timeout',
          `no answer within ${timeoutMs} ms`,
        );
      }
      throw error;
    });
  }

  private answered({ status, data }: DownstreamResponse<unknown>): string {
    return isErrorBody(data) || status !== 200
      ? downstreamMessage(status, data)
      : 'an answer of an unexpected shape';
  }

  private describe(error: unknown): string {
    if (error instanceof DownstreamUnavailableError) {
      return error.reason === 'timeout' ? 'no answer in time' : 'unreachable';
    }
    // not a downstream failure (a bug): logged, and the service shown as failing to read
    this.logger.error({ err: error }, 'Reading a service for the console failed');
    return 'could not be read';
  }
}
