import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Method } from 'axios';
import type { ServiceConfig } from '@app/config';
import { DownstreamHttp, DownstreamResponse, DownstreamUnavailableError } from '@app/http-client';
import { inRootSpan } from '@app/logging';
import { NO_ANSWER, TrafficMetrics } from './traffic-metrics';

export interface TrafficTarget {
  service: string;
  baseUrl: string;
}

export interface TrafficRequest {
  method: Method;
  /** Route template for the metric label, e.g. `/product/:id`. */
  endpoint: string;
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** The shortest pause, whatever the delays and their scale say. */
const MIN_PAUSE_MS = 5;

/** Seconds between health checks while waiting for the target to come up. */
const HEALTH_POLL_SECONDS = 1;

/**
 * A simulated user population: waits until its target is healthy, then runs one flow
 * after another until the app shuts down — in one lane, or in several at once while a
 * subclass asks for more ({@link setLanes}). A flow's failures are logged and counted,
 * never fatal; shutdown aborts the pauses and requests in progress and ends every lane.
 */
export abstract class TrafficLoop implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  /** Set once the target answered healthy: lanes start from then on. */
  private started = false;
  /** How many lanes should run flows; lane `i` runs while `i < wanted`. */
  private wanted = 1;
  /** The lanes running, by index. */
  private readonly lanes = new Map<number, Promise<void>>();

  protected constructor(
    private readonly http: DownstreamHttp,
    private readonly metrics: TrafficMetrics,
    private readonly config: ServiceConfig,
    protected readonly target: TrafficTarget,
  ) {}

  /** One simulated user (or booking client) doing one thing. */
  protected abstract runFlow(): Promise<void>;

  /** The unscaled pause after a flow, in seconds. */
  protected abstract secondsBetweenFlows(): number;

  onApplicationBootstrap(): void {
    this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.abort.abort();
    await this.running;
    await Promise.all(this.lanes.values());
  }

  /**
   * Runs `count` flows at once from now on (1 is the normal traffic). New lanes start at
   * once (or when the target is healthy); a lane no longer wanted ends after its flow.
   */
  protected setLanes(count: number): void {
    this.wanted = count;
    this.fillLanes();
  }

  /** Sleeps `seconds` × LOAD_DELAY_SCALE; throws an AbortError when the app is stopping. */
  protected pause(seconds: number): Promise<void> {
    // a floor, so zero delays against a target that refuses at once cannot spin a core
    const ms = Math.max(seconds * this.config.loadDelayScale * 1000, MIN_PAUSE_MS);
    return sleep(ms, undefined, {
      signal: this.abort.signal,
    });
  }

  /** Sends one request, recording it in the traffic metrics; undefined when nothing answered. */
  protected async send<T>(request: TrafficRequest): Promise<DownstreamResponse<T> | undefined> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await this.http.request<T>({
        service: this.target.service,
        baseUrl: this.target.baseUrl,
        method: request.method,
        path: request.path,
        params: request.params,
        body: request.body,
        signal: this.abort.signal,
      });
      this.metrics.record(request.method, request.endpoint, response.status, seconds());
      return response;
    } catch (error) {
      if (this.abort.signal.aborted) throw error;
      this.metrics.record(request.method, request.endpoint, NO_ANSWER, seconds());
      const reason = error instanceof DownstreamUnavailableError ? error.message : String(error);
      this.logger.error(
        { endpoint: request.endpoint, path: request.path },
        `No answer from ${this.target.service}: ${reason}`,
      );
      return undefined;
    }
  }

  private async run(): Promise<void> {
    try {
      await this.waitForTarget();
    } catch (error) {
      if (!this.abort.signal.aborted) this.logger.error(`Traffic loop stopped: ${String(error)}`);
      return;
    }
    this.logger.log(`${this.target.service} is healthy, starting traffic`);
    this.started = true;
    this.fillLanes();
  }

  /** Starts the wanted lanes that are not running (a lane still winding down just goes on). */
  private fillLanes(): void {
    if (!this.started || this.abort.signal.aborted) return;
    for (let index = 0; index < this.wanted; index++) {
      if (!this.lanes.has(index)) this.lanes.set(index, this.runLane(index));
    }
  }

  /** One flow after another while lane `index` is wanted. */
  private async runLane(index: number): Promise<void> {
    try {
      while (!this.abort.signal.aborted && index < this.wanted) {
        await inRootSpan(`${this.target.service} flow`, () => this.runFlowSafely());
        if (index >= this.wanted) break;
        await this.pause(this.secondsBetweenFlows());
      }
    } catch (error) {
      if (!this.abort.signal.aborted) this.logger.error(`Traffic loop stopped: ${String(error)}`);
    } finally {
      this.lanes.delete(index);
    }
  }

  private async runFlowSafely(): Promise<void> {
    try {
      await this.runFlow();
    } catch (error) {
      if (this.abort.signal.aborted) throw error;
      this.logger.error(`Flow failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async waitForTarget(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.http.request({
          service: this.target.service,
          baseUrl: this.target.baseUrl,
          method: 'GET',
          path: '/health',
          signal: this.abort.signal,
        });
        if (answer.status === 200) return;
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
      }
      if (attempt % 10 === 1) {
        this.logger.warn(
          `Waiting for ${this.target.service} at ${this.target.baseUrl} to be healthy`,
        );
      }
      await sleep(HEALTH_POLL_SECONDS * 1000, undefined, { signal: this.abort.signal });
    }
  }
}
