import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { InjectMetric, makeGaugeProvider } from '@app/metrics';
import {
  ParamSpecs,
  ParamValues,
  ParamValuesOf,
  defaultsOf,
  describeParams,
  parseScenarioList,
  resolveParams,
} from './params';

/** 1 while a scenario is on, per scenario: what the dashboards' annotations read. */
export const SCENARIO_ENABLED_METRIC = 'demo_scenario_enabled';

export const scenarioEnabledGauge = makeGaugeProvider({
  name: SCENARIO_ENABLED_METRIC,
  help: 'Whether a failure scenario of this service is switched on (1) or off (0), by scenario',
  labelNames: ['scenario'],
});

/** What a service declares about one of its failure scenarios. */
export interface ScenarioDefinition<P extends ParamSpecs> {
  /** kebab-case, unique per service: the `:name` of `/admin/scenarios/:name`. */
  readonly name: string;
  /** One sentence: what switching it on does. */
  readonly description: string;
  readonly params: P;
  /** Runs after every switch (at runtime or from `SCENARIOS` at start), with checked params. */
  readonly onSwitch?: (enabled: boolean, params: ParamValuesOf<P>) => void;
  /** Where the on/off state lives elsewhere (the cache's token toggle): reads it. */
  readonly isEnabled?: () => boolean;
}

/** A scenario as the API answers it. */
export interface ScenarioState {
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly params: ParamValues;
}

/**
 * The live state of one scenario, for the code it changes: `enabled` and `params` are plain
 * reads, cheap enough to check on every request.
 */
export class ScenarioHandle<P extends ParamSpecs = ParamSpecs> {
  private on = false;
  private values: ParamValuesOf<P>;

  constructor(readonly definition: ScenarioDefinition<P>) {
    this.values = defaultsOf(definition.params) as ParamValuesOf<P>;
  }

  get name(): string {
    return this.definition.name;
  }

  get enabled(): boolean {
    return this.definition.isEnabled ? this.definition.isEnabled() : this.on;
  }

  get params(): ParamValuesOf<P> {
    return this.values;
  }

  /** @internal the switchboard's: every switch goes through it. */
  apply(enabled: boolean, params: ParamValuesOf<P>): void {
    this.on = enabled;
    this.values = params;
    this.definition.onSwitch?.(enabled, params);
  }
}

/**
 * The failure scenarios of this service (docs/SCENARIOS.md): each part of the service that
 * can misbehave defines its scenario here when it is built, and every switch — the admin API,
 * `SCENARIOS` at start, the token page — goes through {@link set}, so the WARN line and the
 * `demo_scenario_enabled` gauge always tell the truth.
 */
@Injectable()
export class ScenarioSwitchboard implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScenarioSwitchboard.name);
  private readonly handles = new Map<string, ScenarioHandle>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectMetric(SCENARIO_ENABLED_METRIC) private readonly gauge: Gauge<'scenario'>,
  ) {}

  /** Declares a scenario (off, at its defaults) and returns its live handle. */
  define<P extends ParamSpecs>(definition: ScenarioDefinition<P>): ScenarioHandle<P> {
    if (this.handles.has(definition.name)) {
      throw new Error(`Scenario ${definition.name} is defined twice`);
    }
    const handle = new ScenarioHandle(definition);
    this.handles.set(definition.name, handle as unknown as ScenarioHandle);
    this.gauge.set({ scenario: definition.name }, handle.enabled ? 1 : 0);
    return handle;
  }

  list(): ScenarioState[] {
    return [...this.handles.values()].map(stateOf);
  }

  state(name: string): ScenarioState {
    return stateOf(this.handle(name));
  }

  /**
   * Switches a scenario on or off with `params` (those not given at their defaults).
   * Unknown scenario: NotFoundException; a bad param: BadRequestException naming it.
   */
  set(
    name: string,
    enabled: boolean,
    params: Readonly<Record<string, unknown>> = {},
    fromText = false,
  ): ScenarioState {
    const handle = this.handle(name);
    const resolved = resolveParams(name, handle.definition.params, params, fromText);
    handle.apply(enabled, resolved as ParamValuesOf<ParamSpecs>);
    this.gauge.set({ scenario: name }, enabled ? 1 : 0);
    const summary = describeParams(resolved);
    this.logger.warn(
      { scenario: name, enabled, params: resolved },
      `Scenario ${name} switched ${enabled ? 'on' : 'off'}${summary ? ` (${summary})` : ''}`,
    );
    return stateOf(handle);
  }

  /**
   * `SCENARIOS` from the environment, once everything has defined its scenarios. A name or
   * param it cannot apply stops the start-up with the message a PUT would get.
   */
  onApplicationBootstrap(): void {
    try {
      for (const { name, params } of parseScenarioList(this.config.scenarios)) {
        this.set(name, true, params, true);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Invalid SCENARIOS for ${this.config.service}: ${reason}`);
    }
  }

  private handle(name: string): ScenarioHandle {
    const handle = this.handles.get(name);
    if (!handle) throw new NotFoundException(`Scenario ${name} not found`);
    return handle;
  }
}

function stateOf(handle: ScenarioHandle): ScenarioState {
  const { name, description } = handle.definition;
  return { name, description, enabled: handle.enabled, params: handle.params };
}
