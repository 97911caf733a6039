import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';

/**
 * Knows whether the service should still receive traffic. Shutdown first flips readiness,
 * then waits so load balancers (kube-proxy, a Compose healthcheck) stop sending work
 * before the HTTP server closes; requests already in flight still complete.
 */
@Injectable()
export class LifecycleState implements OnModuleDestroy {
  private readonly logger = new Logger(LifecycleState.name);
  private shuttingDown = false;
  private heldBack?: string;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Why readiness is down although the service is not stopping (the readiness-fail scenario). */
  get readinessHeldBack(): string | undefined {
    return this.heldBack;
  }

  /** Holds readiness at 503 for `reason` while liveness stays up; undefined releases it. */
  holdReadiness(reason: string | undefined): void {
    this.heldBack = reason;
  }

  async onModuleDestroy(): Promise<void> {
    this.shuttingDown = true;
    this.logger.log(
      `Shutdown started: readiness now 503, draining for ${this.config.shutdownDrainMs} ms`,
    );
    await sleep(this.config.shutdownDrainMs);
  }
}
