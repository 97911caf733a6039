import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createE2eApp } from '@app/testing';
import { AppModule } from '../src/app.module';

/**
 * The unhandled-rejection switch of product-catalog, in process: its definition and its
 * refusals. Switched on it ends the process, so that part runs on a real process
 * (test/system/scenario-processes.system-spec.ts).
 */
describe('product-catalog unhandled-rejection scenario (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createE2eApp(AppModule);
  });

  afterAll(async () => {
    await app.close();
  });

  it('is listed, off, without params', async () => {
    const res = await http().get('/admin/scenarios').expect(200);
    expect(res.body.scenarios).toContainEqual({
      name: 'unhandled-rejection',
      description: expect.stringContaining('unhandled'),
      enabled: false,
      params: {},
    });
  });

  it('refuses a param with 400 and stays off', async () => {
    const res = await http()
      .put('/admin/scenarios/unhandled-rejection')
      .send({ enabled: true, params: { after: 1 } })
      .expect(400);
    expect(res.body).toEqual({
      error: 'Scenario unhandled-rejection has no param after (it takes no params)',
    });
    expect((await http().get('/admin/scenarios/unhandled-rejection')).body).toMatchObject({
      enabled: false,
    });
    await http().get('/products').expect(200);
  });
});
