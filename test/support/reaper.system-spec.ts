import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sleep, waitFor } from '@app/testing';
import { GroupReaper, groupAlive } from './reaper';

/** A detached group of two sleeping processes (a leader and its child), like a runner's. */
async function sleepingGroup(): Promise<number> {
  const leader = spawn('sh', ['-c', 'sleep 60 & sleep 60; wait'], {
    detached: true,
    stdio: 'ignore',
  });
  await once(leader, 'spawn');
  return leader.pid!;
}

describe('the reaper of the groups a test run started', () => {
  const started: number[] = [];
  afterAll(() => {
    for (const pgid of started) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  });

  it('kills every registered group, children too, when this process goes away', async () => {
    const reaper = new GroupReaper();
    const groups = [await sleepingGroup(), await sleepingGroup()];
    started.push(...groups);
    for (const pgid of groups) reaper.register(pgid);
    await sleep(300);
    expect(groups.map(groupAlive)).toEqual([true, true]);
    reaper.abandon();
    await waitFor(
      'both groups to be killed',
      () => groups.every((pgid) => !groupAlive(pgid)),
      5_000,
    );
  });

  it('leaves a released group alone: a recycled process id is never killed', async () => {
    const reaper = new GroupReaper();
    const [kept, reaped] = [await sleepingGroup(), await sleepingGroup()];
    started.push(kept, reaped);
    reaper.register(kept);
    reaper.register(reaped);
    reaper.release(kept);
    reaper.abandon();
    await waitFor('the registered group to be killed', () => !groupAlive(reaped), 5_000);
    expect(groupAlive(kept)).toBe(true);
  });
});
