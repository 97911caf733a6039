import type { Request } from 'express';
import {
  E2eAppOptions,
  RunningServer,
  sleep,
  startHttpServer,
  waitFor,
  withConfig,
} from '@app/testing';
import { loadGeneratorInstabookConfig } from '../src/config/load-generator-instabook.config';

export const AUTH_FAILURE = 'Internal service authentication failure';

export type Recorded = RunningServer['requests'][number];

export interface SessionBody {
  id: string;
  user_id: string;
  booking_id: string;
  status: string;
  data: string;
}

export interface InstabookBehaviour {
  healthStatus: number;
  /** The status of the n-th create (1-based); 201 stores the session. */
  createStatus: (n: number) => number;
  /** 404 for every read when false. */
  readable: boolean;
}

export const healthyInstabook = (): InstabookBehaviour => ({
  healthStatus: 200,
  createStatus: () => 201,
  readable: true,
});

/** An instabook with the session routes of docs/API.md#instabook, keeping those it created. */
export async function startInstabook(behaviour: InstabookBehaviour): Promise<RunningServer> {
  const sessions = new Map<string, SessionBody & { created_at: string }>();
  let creates = 0;
  return startHttpServer((app) => {
    app.get('/health', (_req, res) => {
      res.status(behaviour.healthStatus).json({ status: 'UP' });
    });
    app.post('/booking/session', (req: Request, res) => {
      const status = behaviour.createStatus(++creates);
      if (status !== 201) {
        res.status(status).json({ error: status === 500 ? AUTH_FAILURE : 'Invalid session data' });
        return;
      }
      const session = { ...(req.body as SessionBody), created_at: new Date().toISOString() };
      sessions.set(session.id, session);
      res.status(201).json(session);
    });
    app.get('/booking/session/:id', (req: Request<{ id: string }>, res) => {
      const session = behaviour.readable ? sessions.get(req.params.id) : undefined;
      if (session) res.json(session);
      else res.status(404).json({ error: 'Session not found' });
    });
  });
}

/** The generator pointed at `instabookUrl`, with pauses shrunk so flows take milliseconds. */
export function pointedAt(
  instabookUrl: string,
  delayBetweenRequestsSeconds = 1,
  delayScale = 0.001,
): Required<Pick<E2eAppOptions, 'service' | 'config'>> {
  return {
    service: { loadDelayScale: delayScale, shutdownDrainMs: 0 },
    config: [
      withConfig(loadGeneratorInstabookConfig, { instabookUrl, delayBetweenRequestsSeconds }),
    ],
  };
}

/** The generators run flows in milliseconds: a few seconds is plenty, and fails before jest's own timeout. */
export { sleep };

export const waitSoon = (what: string, probe: () => boolean | Promise<boolean>) =>
  waitFor(what, probe, 5_000, 20);

export const isTraffic = (recorded: Recorded) => recorded.url !== '/health';
export const isCreate = (recorded: Recorded) => recorded.method === 'POST';
