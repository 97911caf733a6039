import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { join } from 'node:path';
import { AdminService, TokenAuthStatus } from './admin.service';

/** The page's files, copied beside the compiled module (scripts/copy-assets.mjs). */
export const ADMIN_PAGE_DIR = join(__dirname, 'public');

@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  /**
   * The page at `/admin` without the trailing slash (the static files answer `/admin/`).
   * A failure to send it (412, 416) rejects, so the error filter answers it as JSON.
   */
  @Get()
  page(@Res() res: Response): Promise<void> {
    return new Promise((resolve, reject) =>
      res.sendFile('index.html', { root: ADMIN_PAGE_DIR }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  @Get('token')
  status(): TokenAuthStatus {
    return this.admin.tokenAuthStatus();
  }

  @Post('token')
  @HttpCode(HttpStatus.OK)
  toggle(): TokenAuthStatus {
    return this.admin.toggleTokenAuth();
  }
}
