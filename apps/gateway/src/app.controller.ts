import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('gateway')
@Controller()
export class AppController {
  @Get()
  @ApiOperation({ summary: 'Service status' })
  @ApiOkResponse({
    description: 'Always, while the service runs',
    schema: {
      type: 'object',
      example: { status: 'success', message: 'Gateway Service is running' },
    },
  })
  status(): { status: 'success'; message: string } {
    return { status: 'success', message: 'Gateway Service is running' };
  }
}
