import { InvalidEnvironmentError } from './load-env';
import { buildServiceConfig } from './service.config';
import { defaultUrlOf, TOPOLOGY } from './topology';

describe('buildServiceConfig', () => {
  it('uses the defaults of docs/API.md#configuration when nothing is set', () => {
    expect(buildServiceConfig('gateway', {})).toEqual({
      service: 'gateway',
      port: 8080,
      logLevel: 'info',
      httpClientTimeoutMs: 10_000,
      shutdownDrainMs: 1_000,
      maxBodyBytes: 102_400,
      loadDelayScale: 1,
      scenarios: '',
      adminToken: undefined,
    });
  });

  it('reads SCENARIOS as given and ADMIN_TOKEN, an empty one meaning open', () => {
    const config = buildServiceConfig('gateway', {
      SCENARIOS: 'latency:ms=300',
      ADMIN_TOKEN: 's3cret-admin',
    });
    expect(config).toMatchObject({ scenarios: 'latency:ms=300', adminToken: 's3cret-admin' });
    expect(buildServiceConfig('gateway', { ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
  });

  it('reads PORT, and treats an empty value as unset', () => {
    expect(buildServiceConfig('instabook', { PORT: '9000' }).port).toBe(9000);
    expect(buildServiceConfig('instabook', { PORT: '' }).port).toBe(8087);
  });

  it('prefers METRICS_PORT for load generators', () => {
    expect(buildServiceConfig('load-generator', {}).port).toBe(8099);
    expect(buildServiceConfig('load-generator-instabook', { PORT: '7000' }).port).toBe(7000);
    expect(buildServiceConfig('load-generator', { PORT: '7000', METRICS_PORT: '7001' }).port).toBe(
      7001,
    );
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '8080.5'],
    ['LOG_LEVEL', 'loud'],
    ['HTTP_CLIENT_TIMEOUT_MS', '0'],
    ['LOAD_DELAY_SCALE', '-1'],
    ['ADMIN_TOKEN', 'short'],
    ['ADMIN_TOKEN', 'has a space'],
  ])('stops at boot naming %s when it is %j', (name, value) => {
    const attempt = () => buildServiceConfig('currency-service', { [name]: value });
    expect(attempt).toThrow(InvalidEnvironmentError);
    expect(attempt).toThrow(`${name}="${value}" is invalid`);
  });
});

describe('topology', () => {
  it('keeps the ports of docs/API.md#services-and-ports and leaves 8085 free', () => {
    const ports = Object.values(TOPOLOGY).map((spec) => spec.port);
    expect(ports.sort()).toEqual([8080, 8081, 8082, 8083, 8084, 8086, 8087, 8098, 8099]);
    expect(defaultUrlOf('instabook-cache')).toBe('http://localhost:8086');
  });
});
