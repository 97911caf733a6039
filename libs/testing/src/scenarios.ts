import { Gauge } from 'prom-client';
import { ServiceName, buildServiceConfig } from '@app/config';
import { ScenarioSwitchboard } from '@app/core';

/**
 * A switchboard in no registry and with no `SCENARIOS`, for a service built without Nest:
 * its scenarios can be defined and switched as in the running service.
 */
export function detachedSwitchboard(service: ServiceName): ScenarioSwitchboard {
  return new ScenarioSwitchboard(
    buildServiceConfig(service, { LOG_LEVEL: 'silent' }),
    new Gauge({
      name: 'test_scenario_enabled',
      help: 'unregistered',
      labelNames: ['scenario'],
      registers: [],
    }),
  );
}
