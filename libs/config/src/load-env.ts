import { plainToInstance } from 'class-transformer';
import { IsUrl, ValidationError, validateSync } from 'class-validator';
import { environment } from './environment';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Thrown at boot when an env variable is malformed; the message names every bad variable
 * so the operator does not have to guess which one stopped the service.
 */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Maps the environment (the process's unless given) onto a class whose fields carry
 * class-validator rules and defaults. Empty strings count as unset, so `FOO=` falls back to
 * the default.
 */
export function loadEnv<T extends object>(cls: new () => T, env: Env = environment()): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const instance = plainToInstance(cls, present, { exposeDefaultValues: true });
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(errors.map((error) => describe(error, env)));
  }
  return instance;
}

function describe(error: ValidationError, env: Env): string {
  const rules = Object.values(error.constraints ?? {}).join(', ');
  return `${error.property}=${JSON.stringify(env[error.property] ?? '')} is invalid (${rules})`;
}

/** What a service's base URL must be: http(s) with a host, which may be a bare name such as `gateway`. */
export const SERVICE_URL_OPTIONS = {
  require_tld: false,
  require_protocol: true,
  protocols: ['http', 'https'],
};

/** A downstream's base URL, as {@link SERVICE_URL_OPTIONS} says. */
export const IsServiceUrl = () => IsUrl(SERVICE_URL_OPTIONS);
