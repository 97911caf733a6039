import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_NAMES, ServiceName } from '@app/config';
import { ScenarioStateDto } from '@app/core';
import type { ConsoleOverview, ConsoleService } from './console.service';

/** {@link ConsoleService} as the API docs show it. */
export class ConsoleServiceDto implements ConsoleService {
  @ApiProperty({ enum: SERVICE_NAMES, example: 'ad-service' })
  name!: ServiceName;

  @ApiProperty({ description: 'Where the gateway reaches it', example: 'http://localhost:8083' })
  url!: string;

  @ApiProperty({ enum: ['service', 'load-generator'] })
  kind!: 'service' | 'load-generator';

  @ApiProperty({ enum: SERVICE_NAMES, isArray: true, description: 'The services it calls' })
  calls!: ServiceName[];

  @ApiProperty({ description: 'Whether it answered at least one of the two reads' })
  up!: boolean;

  @ApiProperty({
    type: ScenarioStateDto,
    isArray: true,
    nullable: true,
    description: 'Its `GET /admin/scenarios`; null when that could not be read',
  })
  scenarios!: ScenarioStateDto[] | null;

  @ApiProperty({
    type: 'number',
    nullable: true,
    description:
      'Requests so far (docs/METRICS.md): a service counts those it served, probes, scrapes, ' +
      'admin, console and docs routes left out; a load generator those it sent',
  })
  requests!: number | null;

  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Of those, answered 5xx (or, for a load generator, not answered at all)',
  })
  errors!: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why a read failed, null when both succeeded',
    example: 'unreachable',
  })
  problem!: string | null;
}

class ConsoleLinksDto {
  @ApiProperty({ description: "instabook-cache's token page" })
  tokenPage!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Grafana, when configured' })
  grafana!: string | null;
}

/** {@link ConsoleOverview} as the API docs show it. */
export class ConsoleOverviewDto implements ConsoleOverview {
  @ApiProperty({ description: 'When the gateway read the services, in ms since the epoch' })
  at!: number;

  @ApiProperty({ type: ConsoleLinksDto })
  links!: ConsoleLinksDto;

  @ApiProperty({ type: ConsoleServiceDto, isArray: true, description: 'All nine, in start order' })
  services!: ConsoleServiceDto[];
}
