import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiErrorResponses } from '@app/contracts';
import { LifecycleState } from './lifecycle.state';

/** What terminus answers while every indicator is up, as the API docs show it. */
function healthyAnswer(indicator: string) {
  const up = { [indicator]: { status: 'up' } };
  return {
    description: `Up: \`{"status": "ok"}\` with the \`${indicator}\` indicator`,
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { type: 'object', additionalProperties: true },
        error: { type: 'object', additionalProperties: true },
        details: { type: 'object', additionalProperties: true },
      },
      example: { status: 'ok', info: up, error: {}, details: up },
    },
  };
}

// terminus's own docs are off: they show its failure body, which the error filter replaces
const PROBE = { noCache: true, swaggerDocumentation: false };

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleState,
  ) {}

  /** What the startup probe, the Compose healthcheck and a quick `curl` hit. */
  @Get('health')
  @ApiOperation({ summary: 'Whether the process answers at all' })
  @ApiOkResponse({
    description: 'Always, while the process runs',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['UP'] } } },
  })
  status(): { status: 'UP' } {
    return { status: 'UP' };
  }

  @Get('healthz/live')
  @HealthCheck(PROBE)
  @ApiOperation({ summary: 'Liveness probe' })
  @ApiOkResponse(healthyAnswer('process'))
  live() {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  @Get('healthz/ready')
  @HealthCheck(PROBE)
  @ApiOperation({ summary: 'Readiness probe: turns 503 as soon as shutdown begins' })
  @ApiOkResponse(healthyAnswer('lifecycle'))
  @ApiErrorResponses({
    503: 'Shutting down, or held back by the readiness-fail scenario: `Health check failed: lifecycle`',
  })
  ready() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('lifecycle');
        if (this.lifecycle.isShuttingDown) return indicator.down({ reason: 'shutting down' });
        const heldBack = this.lifecycle.readinessHeldBack;
        return heldBack === undefined ? indicator.up() : indicator.down({ reason: heldBack });
      },
    ]);
  }
}
