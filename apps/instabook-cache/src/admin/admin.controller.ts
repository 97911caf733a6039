import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { AdminService, TokenAuthStatus } from './admin.service';

@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

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
