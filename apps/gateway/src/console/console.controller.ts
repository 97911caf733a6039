import {
  BadGatewayException,
  Body,
  Controller,
  Get,
  Headers,
  Param,
  Put,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { ApiErrorResponses } from '@app/contracts';
import { downstreamMessage } from '@app/http-client';
import { ScenarioStateDto, SwitchScenarioDto, sendPage } from '@app/core';
import { ConsoleOverviewDto } from './console.answer';
import { ConsoleOverview, ConsoleReader, ServiceUnreachableError } from './console.service';

/**
 * The page's files: the one place that names their folder. As every file of the app's source
 * that is not TypeScript (nest-cli.json `assets`), `nest build` and `npm run build` copy them
 * beside the compiled module, and scripts/bundle.mjs beside a bundle's service.js.
 */
export const CONSOLE_PAGE_DIR = join(__dirname, 'public');

const ADMIN_TOKEN_HEADER = {
  name: 'Authorization',
  required: false,
  description: '`Bearer <ADMIN_TOKEN>`, passed on to the services when they require it',
};

@ApiTags('console')
@Controller('console')
export class ConsoleController {
  constructor(private readonly reader: ConsoleReader) {}

  /**
   * The page at `/console` without the trailing slash (the static files answer `/console/`).
   */
  @Get()
  @ApiOperation({ summary: 'The console: every scenario of every service, and a live map' })
  @ApiOkResponse({
    description: 'The page; its files are served under `/console/`',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses({ 412: 'A failed `If-Match`', 416: 'An unsatisfiable `Range`' })
  page(@Res() res: Response): Promise<void> {
    return sendPage(res, CONSOLE_PAGE_DIR);
  }

  @Get('api/services')
  @ApiOperation({
    summary: 'Every service: its scenarios and request and error counters',
    description:
      "Read from each service's `GET /admin/scenarios` and `GET /metrics`, in parallel, each " +
      'with a short deadline: a service that does not answer is shown `up: false`.',
  })
  @ApiHeader(ADMIN_TOKEN_HEADER)
  @ApiOkResponse({ type: ConsoleOverviewDto, description: 'Always, whatever the services do' })
  services(@Headers('authorization') authorization?: string): Promise<ConsoleOverview> {
    return this.reader.overview(authorization);
  }

  @Put('api/services/:service/scenarios/:name')
  @ApiOperation({
    summary: "Switch a service's scenario",
    description:
      "Forwards the body and the `Authorization` header to the service's " +
      '`PUT /admin/scenarios/:name` and answers what it answered.',
  })
  @ApiParam({ name: 'service', example: 'ad-service' })
  @ApiParam({ name: 'name', description: 'The scenario', example: 'error-rate' })
  @ApiHeader(ADMIN_TOKEN_HEADER)
  @ApiBody({ type: SwitchScenarioDto })
  @ApiOkResponse({ type: ScenarioStateDto, description: "The scenario's new state" })
  @ApiErrorResponses({
    400: 'The service refused the body or a param',
    401: 'The service requires its admin token',
    404: 'Unknown service, or the service has no such scenario',
    502: 'The service could not be reached, or failed',
  })
  async switchScenario(
    @Param('service') service: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
  ): Promise<void> {
    let answer;
    try {
      answer = await this.reader.switchScenario(service, name, body, authorization);
    } catch (error) {
      if (error instanceof ServiceUnreachableError) throw new BadGatewayException(error.message);
      throw error;
    }
    if (answer.status >= 500) {
      throw new BadGatewayException(
        `${service} answered ${answer.status}: ${downstreamMessage(answer.status, answer.body)}`,
      );
    }
    res.status(answer.status).json(answer.body);
  }
}
