import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GatewayStatusDto } from './dto/status.answer';

@ApiTags('gateway')
@Controller()
export class AppController {
  @Get()
  @ApiOperation({ summary: 'Service status' })
  @ApiOkResponse({ type: GatewayStatusDto, description: 'Always, while the service runs' })
  status(): GatewayStatusDto {
    return { status: 'success', message: 'Gateway Service is running' };
  }
}
