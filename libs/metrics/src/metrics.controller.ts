import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';

/**
 * willsoto's `/metrics` route, redeclared only to document it (the module's documented way
 * to customise its controller); the answer is its own.
 */
@ApiTags('metrics')
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of this process' })
  @ApiOkResponse({
    description:
      "Prometheus text format: process metrics, the uniform HTTP metrics and the service's own",
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example: 'http_requests_total{method="GET",route="/health",status_code="200"} 1',
      },
    },
  })
  override index(@Res({ passthrough: true }) response: Response): Promise<string> {
    return super.index(response);
  }
}
