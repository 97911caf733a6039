import { Controller, Get, HttpCode, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { ApiErrorResponses } from '@app/contracts';
import { AdminTokenGuard, sendPage } from '@app/core';
import { AdminService, TokenAuthStatus } from './admin.service';
import { TokenAuthStatusDto } from './token-auth-status.answer';

/**
 * The page's files: the one place that names their folder. As every file of the app's source
 * that is not TypeScript (nest-cli.json `assets`), `nest build` and `npm run build` copy them
 * beside the compiled module, and scripts/bundle.mjs beside a bundle's service.js.
 */
export const ADMIN_PAGE_DIR = join(__dirname, 'public');

@ApiTags('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  /**
   * The page at `/admin` without the trailing slash (the static files answer `/admin/`).
   */
  @Get()
  @ApiOperation({ summary: 'The admin page: token auth state and a switch' })
  @ApiOkResponse({
    description: 'The page; its files are served under `/admin/`',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses({ 412: 'A failed `If-Match`', 416: 'An unsatisfiable `Range`' })
  page(@Res() res: Response): Promise<void> {
    return sendPage(res, ADMIN_PAGE_DIR);
  }

  @Get('token')
  @ApiOperation({ summary: 'Whether `/cache/*` requires the Bearer token' })
  @ApiOkResponse({ type: TokenAuthStatusDto, description: 'The current state' })
  status(): TokenAuthStatus {
    return this.admin.tokenAuthStatus();
  }

  @Post('token')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AdminTokenGuard)
  @ApiOperation({
    summary: 'Switch token auth on or off',
    description:
      "Off, every `/cache/*` request is refused with 401 (the demo's story). The same switch " +
      'as scenario `cache-token-auth` (on = token auth off).',
  })
  @ApiOkResponse({ type: TokenAuthStatusDto, description: 'The new state' })
  @ApiErrorResponses({
    401: 'With `ADMIN_TOKEN` set: `Admin token required` or `Invalid admin token`',
  })
  toggle(): TokenAuthStatus {
    return this.admin.toggleTokenAuth();
  }
}
