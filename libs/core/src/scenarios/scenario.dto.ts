import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, ValidateIf } from 'class-validator';
import type { ParamValues } from './params';
import type { ScenarioState } from './switchboard';

const PARAMS_SCHEMA = {
  type: 'object' as const,
  additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] },
};

/** The body of `PUT /admin/scenarios/:name`. */
export class SwitchScenarioDto {
  @ApiProperty({ example: true })
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;

  @ApiPropertyOptional({
    ...PARAMS_SCHEMA,
    description: 'The params to set; the others take their defaults',
    example: { ms: 800 },
  })
  // absent means all defaults; null is refused like any other non-object (IsOptional would
  // let it through to the switchboard, a 500)
  @ValidateIf((_body: unknown, params: unknown) => params !== undefined)
  @IsObject({ message: 'params must be a JSON object' })
  params?: Record<string, unknown>;
}

export class ScenarioStateDto implements ScenarioState {
  @ApiProperty({ example: 'latency' })
  name!: string;

  @ApiProperty({
    example: 'Every request waits `ms` (plus up to `jitter_ms`) before it is handled',
  })
  description!: string;

  @ApiProperty({ example: false })
  enabled!: boolean;

  @ApiProperty({ ...PARAMS_SCHEMA, example: { ms: 500, jitter_ms: 0, route: 'all' } })
  params!: ParamValues;
}

export class ScenarioListDto {
  @ApiProperty({ example: 'gateway' })
  service!: string;

  @ApiProperty({ type: [ScenarioStateDto] })
  scenarios!: ScenarioStateDto[];
}
