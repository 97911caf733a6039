import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { LifecycleState } from './lifecycle.state';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleState,
  ) {}

  /** What the Kubernetes probes of the first implementation and `kubectl` hit. */
  @Get('health')
  status(): { status: 'UP' } {
    return { status: 'UP' };
  }

  @Get('healthz/live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  @Get('healthz/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('lifecycle');
        return this.lifecycle.isShuttingDown
          ? indicator.down({ reason: 'shutting down' })
          : indicator.up();
      },
    ]);
  }
}
