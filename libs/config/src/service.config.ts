import { getConfigToken, registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import { environment } from './environment';
import { Env, loadEnv } from './load-env';
import { ServiceName, TOPOLOGY } from './topology';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

class ServiceEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) PORT?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) METRICS_PORT?: number;
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  @Type(() => Number) @IsInt() @Min(1) @Max(120_000) HTTP_CLIENT_TIMEOUT_MS = 10_000;
  @Type(() => Number) @IsInt() @Min(0) @Max(60_000) SHUTDOWN_DRAIN_MS = 1_000;
  @Type(() => Number) @IsInt() @Min(1_024) @Max(10_485_760) MAX_BODY_BYTES = 102_400;
  @Type(() => Number) @IsNumber() @Min(0) @Max(100) LOAD_DELAY_SCALE = 1;
  // the list's own syntax and names are checked by the switchboard, which knows the scenarios
  @IsString() @MaxLength(4096) SCENARIOS = '';
  @IsOptional()
  @Matches(/^[\x21-\x7e]{8,512}$/, {
    message: 'ADMIN_TOKEN must be 8 to 512 printable characters without spaces',
  })
  ADMIN_TOKEN?: string;
}

export interface ServiceConfig {
  readonly service: ServiceName;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Upper bound for every downstream HTTP call. */
  readonly httpClientTimeoutMs: number;
  /** How long readiness reports 503 before the server stops accepting work. */
  readonly shutdownDrainMs: number;
  readonly maxBodyBytes: number;
  /** Multiplies every pause of the load generators; tests shrink it to run flows quickly. */
  readonly loadDelayScale: number;
  /** Failure scenarios switched on at start: `name[:k=v[,k=v]][;name…]` (docs/SCENARIOS.md). */
  readonly scenarios: string;
  /** When set, the admin routes need it as a Bearer token; unset they are open. */
  readonly adminToken?: string;
}

export function buildServiceConfig(service: ServiceName, env: Env): ServiceConfig {
  const parsed = loadEnv(ServiceEnv, env);
  const spec = TOPOLOGY[service];
  const port =
    spec.portEnv === 'METRICS_PORT'
      ? (parsed.METRICS_PORT ?? parsed.PORT ?? spec.port)
      : (parsed.PORT ?? spec.port);
  return {
    service,
    port,
    logLevel: parsed.LOG_LEVEL,
    httpClientTimeoutMs: parsed.HTTP_CLIENT_TIMEOUT_MS,
    shutdownDrainMs: parsed.SHUTDOWN_DRAIN_MS,
    maxBodyBytes: parsed.MAX_BODY_BYTES,
    loadDelayScale: parsed.LOAD_DELAY_SCALE,
    scenarios: parsed.SCENARIOS,
    adminToken: parsed.ADMIN_TOKEN,
  };
}

const SERVICE_CONFIG_NAMESPACE = 'service';

/** The common settings of one service, registered under the `service` namespace. */
export function serviceConfig(service: ServiceName) {
  return registerAs(SERVICE_CONFIG_NAMESPACE, () => buildServiceConfig(service, environment()));
}

/**
 * Injection token of {@link ServiceConfig}: `@Inject(SERVICE_CONFIG) config: ServiceConfig`.
 * The token depends on the namespace alone, so every service's config has it.
 */
export const SERVICE_CONFIG = getConfigToken(SERVICE_CONFIG_NAMESPACE);

/**
 * Injection token of the service's {@link ServiceName}, provided by CoreModule: what a test
 * needs to rebuild the service config with settings of its own.
 */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
