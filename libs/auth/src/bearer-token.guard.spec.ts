import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { AUTH_MESSAGES } from './auth.messages';
import { BearerTokenGuard } from './bearer-token.guard';
import { TokenAuthState } from './token-auth.state';
import { bearerToken, tokensMatch } from './token-compare';

const TOKEN = 'instabook-secret-token-2024';

function contextWith(authorization?: string): ExecutionContext {
  const request = {
    header: (name: string) => (name === 'authorization' ? authorization : undefined),
  };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function refusal(guard: BearerTokenGuard, authorization?: string): string {
  try {
    guard.canActivate(contextWith(authorization));
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedException);
    return (error as UnauthorizedException).message;
  }
  return 'allowed';
}

describe('BearerTokenGuard', () => {
  let state: TokenAuthState;
  let guard: BearerTokenGuard;

  beforeEach(() => {
    state = new TokenAuthState();
    guard = new BearerTokenGuard(state, { token: TOKEN });
  });

  it('allows the right token, with the scheme in any case', () => {
    expect(refusal(guard, `Bearer ${TOKEN}`)).toBe('allowed');
    expect(refusal(guard, `bearer ${TOKEN}`)).toBe('allowed');
    expect(refusal(guard, `BEARER ${TOKEN}`)).toBe('allowed');
  });

  it('refuses in the order docs/API.md#instabook-cache gives', () => {
    expect(refusal(guard)).toBe(AUTH_MESSAGES.missingHeader);
    expect(refusal(guard, `Basic ${TOKEN}`)).toBe(AUTH_MESSAGES.badFormat);
    expect(refusal(guard, 'Bearer')).toBe(AUTH_MESSAGES.badFormat);
    expect(refusal(guard, `Bearer ${TOKEN} extra`)).toBe(AUTH_MESSAGES.badFormat);
    expect(refusal(guard, 'Bearer wrong')).toBe(AUTH_MESSAGES.badToken);
    expect(refusal(guard, `Bearer ${TOKEN}x`)).toBe(AUTH_MESSAGES.badToken);
  });

  it('refuses everything, even a correct token, while auth is disabled', () => {
    state.set(false);
    expect(refusal(guard, `Bearer ${TOKEN}`)).toBe(AUTH_MESSAGES.disabled);
    expect(refusal(guard)).toBe(AUTH_MESSAGES.disabled);
    state.set(true);
    expect(refusal(guard, `Bearer ${TOKEN}`)).toBe('allowed');
  });
});

describe('token helpers', () => {
  it('compares tokens of any lengths without throwing', () => {
    expect(tokensMatch('a', 'a')).toBe(true);
    expect(tokensMatch('a', 'ab')).toBe(false);
    expect(tokensMatch('', TOKEN)).toBe(false);
  });

  it('extracts the token of a Bearer header', () => {
    expect(bearerToken(' Bearer abc ')).toBe('abc');
    expect(bearerToken('Token abc')).toBeUndefined();
  });
});
