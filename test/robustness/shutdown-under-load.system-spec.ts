import { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { HttpOutcome, httpRequest } from '../support/http-request';
import { freePorts, getJson, startNode, waitFor } from '../support/processes';
import { sleep } from '@app/testing';

const CLIENTS = 20;
const DRAIN_MS = 1_500;
const TOKEN = 'shutdown-test-token';

/**
 * How a caller inside Kubernetes sees a pod: once the readiness probe fails the endpoint is
 * removed, so no NEW connection reaches the pod, but connections already pooled keep
 * working (conntrack). A request that finds no endpoint is the balancer's business, not a
 * request the pod cut.
 */
class Balancer {
  ready = true;
  firstNotReadyAt?: number;

  agent(): Agent {
    // one pooled connection per client, as a busy caller's pool would hold
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (options, callback) => {
      if (this.ready) return create(options, callback);
      const error = Object.assign(new Error('endpoint removed'), { code: 'NO_ENDPOINT' });
      process.nextTick(() => callback?.(error, undefined as unknown as Socket));
      return undefined;
    };
    return agent;
  }
}

function get(port: number, path: string, agent: Agent): Promise<HttpOutcome> {
  return httpRequest(port, agent, {
    path,
    headers: { authorization: `Bearer ${TOKEN}` },
    timeoutMs: 5_000,
  });
}

describe('SIGTERM under keep-alive load', () => {
  it('cuts no request: readiness 503, then Connection: close, then exit 0', async () => {
    const [port] = await freePorts(1);
    const cache = startNode('dist/apps/instabook-cache/src/main.js', [], {
      PORT: String(port),
      INSTABOOK_API_TOKEN: TOKEN,
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    });
    const balancer = new Balancer();
    const agents = Array.from({ length: CLIENTS }, () => balancer.agent());
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor(
        'the cache to be ready',
        async () => (await getJson(`${url}/healthz/ready`)).status === 200,
      );
      const created = await getJson(`${url}/cache/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          id: 's1',
          user_id: 'u',
          booking_id: 'BK-1',
          status: 'pending',
          data: 'd',
        }),
      });
      expect(created.status).toBe(201);

      // the readiness probe, as the kubelet runs it, on its own connections
      const probing = (async () => {
        const until = Date.now() + 20_000;
        while (balancer.ready && Date.now() < until) {
          const probe = await getJson(`${url}/healthz/ready`).catch(() => undefined);
          if (probe?.status === 503) {
            balancer.ready = false;
            balancer.firstNotReadyAt = Date.now();
          }
          await sleep(50);
        }
      })();

      let signalledAt = Infinity;
      const afterSignal: HttpOutcome[] = [];
      const clients = agents.map(async (agent) => {
        const until = Date.now() + 20_000;
        while (Date.now() < until) {
          const outcome = await get(port, '/cache/session/s1', agent);
          if (outcome.error === 'NO_ENDPOINT') return;
          if (Date.now() >= signalledAt || outcome.error) afterSignal.push(outcome);
        }
      });

      await sleep(1_000);
      signalledAt = Date.now();
      cache.child.kill('SIGTERM');
      const exit = await cache.exited;
      const exitedAt = Date.now();
      await Promise.all(clients);
      await probing;

      expect(exit).toEqual({ code: 0, signal: null });
      const cut = afterSignal.filter((outcome) => outcome.error !== undefined);
      const failed = afterSignal.filter((outcome) => (outcome.status ?? 0) >= 500);
      expect({ cut, failed }).toEqual({ cut: [], failed: [] });
      // the callers learnt of the shutdown from readiness before the server went away
      expect(balancer.firstNotReadyAt).toBeLessThan(exitedAt);
      // pooled connections were released by the server's answers, not cut under them
      expect(afterSignal.some((outcome) => outcome.connectionClose)).toBe(true);
      expect(afterSignal.length).toBeGreaterThan(CLIENTS);
    } finally {
      for (const agent of agents) agent.destroy();
      await cache.kill();
    }
  }, 40_000);
});
