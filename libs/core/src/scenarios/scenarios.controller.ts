import { Body, Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { ApiErrorResponses } from '@app/contracts';
import { ADMIN_TOKEN_MESSAGES, AdminTokenGuard } from './admin-token.guard';
import { ScenarioListDto, ScenarioStateDto, SwitchScenarioDto } from './scenario.dto';
import { ScenarioState, ScenarioSwitchboard } from './switchboard';

const NAME_PARAM = { name: 'name', example: 'latency' };

/** The switch of docs/SCENARIOS.md, the same on every service. */
@ApiTags('scenarios')
@ApiBearerAuth()
@ApiErrorResponses({
  401: `Only with \`ADMIN_TOKEN\` set: ${Object.values(ADMIN_TOKEN_MESSAGES)
    .map((message) => `\`${message}\``)
    .join(', ')}`,
})
@Controller('admin/scenarios')
@UseGuards(AdminTokenGuard)
export class ScenariosController {
  constructor(
    private readonly switchboard: ScenarioSwitchboard,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "This service's failure scenarios and their state" })
  @ApiOkResponse({ type: ScenarioListDto, description: 'Every scenario, on or off' })
  list(): { service: string; scenarios: ScenarioState[] } {
    return { service: this.config.service, scenarios: this.switchboard.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One scenario and its state' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ScenarioStateDto, description: 'The scenario' })
  @ApiErrorResponses({ 404: '`Scenario <name> not found`' })
  get(@Param('name') name: string): ScenarioState {
    return this.switchboard.state(name);
  }

  @Put(':name')
  @ApiOperation({
    summary: 'Switch a scenario on or off',
    description: 'Params not given take their defaults. Logs one WARN line.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ScenarioStateDto, description: 'The new state' })
  @ApiErrorResponses({
    400: 'A bad body, an unknown param or a value out of range, naming it',
    404: '`Scenario <name> not found`',
  })
  switch(@Param('name') name: string, @Body() body: SwitchScenarioDto): ScenarioState {
    return this.switchboard.set(name, body.enabled, body.params);
  }
}
