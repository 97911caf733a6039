import { Injectable } from '@nestjs/common';
import { ScenarioSwitchboard, numberParam } from '@app/core';
import { CpuBurner, MAX_CPU_WORKERS } from './cpu-burner';
import { parseProductIds } from './ads.service';

/** The product whose ads set the burn off: the headphones. */
export const HOT_PRODUCT_ID = 3;

/**
 * Scenario `ad-high-cpu` (docs/SCENARIOS.md): a request for the ads of product 3 may start a
 * worker thread that burns CPU. Ads keep answering at once with their usual content; only
 * the process's CPU shows it. Switching the scenario off terminates the workers.
 */
@Injectable()
export class AdHighCpuScenario {
  private readonly scenario;

  constructor(
    switchboard: ScenarioSwitchboard,
    private readonly burner: CpuBurner,
  ) {
    this.scenario = switchboard.define({
      name: 'ad-high-cpu',
      description: `A request for the ads of product ${HOT_PRODUCT_ID} may start CPU work in a worker thread (at most ${MAX_CPU_WORKERS} at once)`,
      params: {
        probability: numberParam({
          default: 0.1,
          min: 0,
          max: 1,
          description: `Chance that a request naming product ${HOT_PRODUCT_ID} starts a worker`,
        }),
        seconds: numberParam({
          default: 0,
          min: 0,
          max: 3600,
          integer: true,
          description: 'How long each worker burns; 0 = until the scenario is switched off',
        }),
      },
      onSwitch: (enabled) => {
        if (!enabled) void this.burner.stopAll();
      },
    });
  }

  /** Called with every `GET /ads` request's `product_ids`; cheap while the scenario is off. */
  onAdsRequest(productIds: string | undefined): void {
    if (!this.scenario.enabled || !productIds) return;
    const { probability, seconds } = this.scenario.params;
    if (parseProductIds(productIds).has(HOT_PRODUCT_ID) && Math.random() < probability) {
      this.burner.start(seconds);
    }
  }
}
