import { TokenAuthState } from '@app/auth';
import { detachedSwitchboard, spyOnLogger } from '@app/testing';
import { AdminService } from './admin.service';

describe('AdminService', () => {
  let state: TokenAuthState;
  let admin: AdminService;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    state = new TokenAuthState();
    admin = new AdminService(state, detachedSwitchboard('instabook-cache'));
    // the service's own lines (the switchboard adds its scenario line: see its own tests)
    ({ warnings: warn, infos: log } = spyOnLogger(admin['logger']));
  });

  afterEach(() => jest.restoreAllMocks());

  it('reports the current state', () => {
    expect(admin.tokenAuthStatus()).toEqual({ enabled: true });
    state.set(false);
    expect(admin.tokenAuthStatus()).toEqual({ enabled: false });
  });

  it('warns that /cache calls will be refused when disabling', () => {
    expect(admin.toggleTokenAuth()).toEqual({ enabled: false });
    expect(state.isEnabled).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('/cache call will now be refused with 401');
    expect(log).not.toHaveBeenCalled();
  });

  it('logs at info when enabling again', () => {
    admin.toggleTokenAuth();
    warn.mockClear();
    expect(admin.toggleTokenAuth()).toEqual({ enabled: true });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toContain('enabled');
    expect(warn).not.toHaveBeenCalled();
  });
});
