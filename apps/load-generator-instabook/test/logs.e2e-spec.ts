import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { RunningServer, createE2eApp, sampleValue } from '@app/testing';
import { AppModule } from '../src/app.module';
import {
  AUTH_FAILURE,
  InstabookBehaviour,
  SessionBody,
  isCreate,
  isTraffic,
  pointedAt,
  startInstabook,
  waitSoon,
} from './instabook.stub';

jest.setTimeout(15_000);

/**
 * In a file of its own because nestjs-pino builds the logger used outside requests (our
 * traffic loop) once per module registry, from the first app created: here, that is ours,
 * at level info and writing through the spied process.stdout.
 */
describe('load-generator-instabook logs (e2e)', () => {
  let app: INestApplication | undefined;
  let instabook: RunningServer | undefined;
  let stdout: jest.SpyInstance | undefined;
  const lines: string[] = [];

  afterEach(async () => {
    await app?.close();
    await instabook?.close();
    stdout?.mockRestore();
  });

  it('logs a 500 as an error with the service message and a 404 as a warning, counting both', async () => {
    const behaviour: InstabookBehaviour = {
      healthStatus: 503,
      createStatus: (n) => (n % 2 === 0 ? 500 : 201),
      readable: false,
    };
    instabook = await startInstabook(behaviour);
    // pino writes through process.stdout only if write was replaced before the logger was built
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    const pointed = pointedAt(instabook.url);
    app = await createE2eApp(AppModule, {
      ...pointed,
      service: { ...pointed.service, logLevel: 'info' },
    });
    // createE2eApp silences Nest's logger; route it to pino as bootstrapService does
    app.useLogger(app.get(Logger));
    behaviour.healthStatus = 200;

    const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    await waitSoon('a failed create and a missing session', () => {
      const levels = logged().map((entry) => entry.level);
      return levels.includes('ERROR') && levels.includes('WARN');
    });

    const requests = instabook.requests;
    const failedIds = requests
      .filter(isCreate)
      .filter((_, index) => index % 2 === 1)
      .map((recorded) => (recorded.body as SessionBody).id);
    const error = logged().find((entry) => entry.level === 'ERROR');
    expect(error).toMatchObject({
      service_name: 'load-generator-instabook',
      message: `Failed to create session ${String(error?.session_id)}: 500 ${AUTH_FAILURE}`,
      status: 500,
      error: AUTH_FAILURE,
    });
    expect(failedIds).toContain(error?.session_id);
    expect(error?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Date(String(error?.timestamp)).toISOString()).toBe(error?.timestamp);

    const warning = logged().find((entry) => entry.level === 'WARN');
    expect(warning).toMatchObject({
      service_name: 'load-generator-instabook',
      message: `Failed to read session ${String(warning?.session_id)}: 404 Session not found`,
      status: 404,
      error: 'Session not found',
    });
    expect(requests.filter(isTraffic).map((recorded) => recorded.url)).not.toContain(
      `/booking/session/${String(error?.session_id)}`,
    );

    const page = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(
      sampleValue(
        page,
        'load_generator_instabook_request_count{method="POST",endpoint="/booking/session",status="500"}',
      ),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(
        page,
        'load_generator_instabook_request_count{method="GET",endpoint="/booking/session/:id",status="404"}',
      ),
    ).toBeGreaterThan(0);
  });
});
