import { InvalidEnvironmentError, SERVICE_NAMES, defaultUrlOf } from '@app/config';
import { consoleSettings } from './gateway.config';

describe('the console settings', () => {
  it('read every service at its local default URL, and link the local token page', () => {
    const settings = consoleSettings({});
    expect(settings.services).toEqual(
      Object.fromEntries(SERVICE_NAMES.map((name) => [name, defaultUrlOf(name)])),
    );
    expect(Object.keys(settings.services)).toEqual(SERVICE_NAMES);
    expect(settings.tokenPageUrl).toBe('http://localhost:8086/admin/');
    expect(settings.grafanaUrl).toBeNull();
  });

  it('take CONSOLE_SERVICES as name=url overrides, the rest keeping their defaults', () => {
    const settings = consoleSettings({
      CONSOLE_SERVICES: 'gateway=http://gateway:8080, ad-service=https://ads.demo.svc:8083/',
      CONSOLE_TOKEN_PAGE_URL: 'http://cache.example/admin/',
      GRAFANA_URL: 'http://localhost:3000',
    });
    expect(settings.services).toMatchObject({
      gateway: 'http://gateway:8080',
      'ad-service': 'https://ads.demo.svc:8083',
      'product-catalog': defaultUrlOf('product-catalog'),
    });
    expect(settings.tokenPageUrl).toBe('http://cache.example/admin/');
    expect(settings.grafanaUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['no-such-service=http://x:1'],
    ['gateway'],
    ['gateway=ftp://gateway:21'],
    ['gateway=http://a:1,gateway=http://b:2'],
    ['gateway=http://a:1,'],
  ])('refuse CONSOLE_SERVICES=%s, naming the variable', (value) => {
    expect(() => consoleSettings({ CONSOLE_SERVICES: value })).toThrow(InvalidEnvironmentError);
    expect(() => consoleSettings({ CONSOLE_SERVICES: value })).toThrow(/CONSOLE_SERVICES=/);
  });

  it('refuse a GRAFANA_URL that is no http(s) URL', () => {
    expect(() => consoleSettings({ GRAFANA_URL: 'grafana' })).toThrow(/GRAFANA_URL="grafana"/);
  });
});
