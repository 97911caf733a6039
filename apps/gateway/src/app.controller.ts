import { Controller, Get } from '@nestjs/common';

@Controller()
export class AppController {
  @Get()
  status(): { status: 'success'; message: string } {
    return { status: 'success', message: 'Gateway Service is running' };
  }
}
