import { ApiProperty } from '@nestjs/swagger';

/** The gateway's `GET /` (its own shape, older than the other services' `ServiceStatusDto`). */
export class GatewayStatusDto {
  @ApiProperty({ enum: ['success'] })
  status!: 'success';

  @ApiProperty({ example: 'Gateway Service is running' })
  message!: string;
}
