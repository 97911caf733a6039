import { Injectable } from '@nestjs/common';
import { ScenarioHandle, ScenarioSwitchboard } from '@app/core';

const NO_PARAMS: Record<string, never> = {};

/**
 * `unhandled-rejection` (docs/SCENARIOS.md): the next API request starts a fire-and-forget
 * refresh whose promise nobody awaits or catches. When it rejects, Node's default
 * (`--unhandled-rejections=throw`) prints the error with its stack and exits with code 1,
 * mid-request: the caller's connection drops, and the orchestrator restarts the process
 * (Kubernetes, Compose's `restart`, `npm start`). Nothing in the service registers an
 * `unhandledRejection` listener, so nothing swallows it; a restarted process starts with
 * the scenario off (unless `SCENARIOS` names it: then every first request crashes it again).
 */
@Injectable()
export class UnhandledRejectionScenario {
  private readonly handle: ScenarioHandle<typeof NO_PARAMS>;

  constructor(switchboard: ScenarioSwitchboard) {
    this.handle = switchboard.define({
      name: 'unhandled-rejection',
      description:
        'The next API request leaves a promise rejection unhandled: the process prints the stack and exits 1',
      params: NO_PARAMS,
    });
  }

  /**
   * Awaited by every product request before it answers. While the scenario is on, it starts
   * the floating refresh and waits one turn of the event loop for it: Node handles the
   * unhandled rejection first, so the process dies before the answer is written.
   */
  async beforeAnswer(): Promise<void> {
    if (!this.handle.enabled) return;
    // the bug, on purpose: a floating promise, neither awaited nor caught
    void refreshCatalogInBackground();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Its stack names the request's path through the code: the controller, then this file. */
function refreshCatalogInBackground(): Promise<void> {
  return Promise.reject(
    new Error(
      'Catalog refresh failed (scenario unhandled-rejection): a promise nobody awaits rejected',
    ),
  );
}
