import {
  HttpException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Method } from 'axios';
import type { Counter } from 'prom-client';
import { instabookTokenConfig } from '@app/auth';
import { instabookConfig } from '../config/instabook.config';
import { AUTH_FAILURE_MESSAGE, SESSION_NOT_FOUND, Session, SessionInput } from '@app/contracts';
import { DownstreamHttp, DownstreamResponse, downstreamMessage } from '@app/http-client';
import { InjectMetric } from '@app/metrics';
import { CACHE_ERRORS_METRIC, CACHE_ERROR_TYPES, CacheErrorType } from './cache-errors.metric';

const CACHE_SERVICE = 'instabook-cache';
const INTERNAL_SERVICE_ERROR = 'Internal service error';

const SESSION_FIELDS = ['id', 'user_id', 'booking_id', 'status', 'data', 'created_at'] as const;

function isSession(value: unknown): value is Session {
  return (
    typeof value === 'object' &&
    value !== null &&
    SESSION_FIELDS.every((field) => typeof (value as Record<string, unknown>)[field] === 'string')
  );
}

interface CacheFailure {
  type: CacheErrorType;
  sessionId: string;
  status?: number;
  detail: string;
  message: string;
}

/**
 * instabook's only dependency. Every call carries the shared Bearer token; every way the
 * cache can fail becomes the contract's error, is counted in `instabook_cache_errors` and
 * logged with the session, the cache's status and its message — never the token.
 */
@Injectable()
export class CacheClient {
  private readonly logger = new Logger(CacheClient.name);
  private readonly authorization: string;

  constructor(
    private readonly http: DownstreamHttp,
    @Inject(instabookConfig.KEY) private readonly config: ConfigType<typeof instabookConfig>,
    @Inject(instabookTokenConfig.KEY) tokenConfig: ConfigType<typeof instabookTokenConfig>,
    @InjectMetric(CACHE_ERRORS_METRIC) private readonly errors: Counter<'error_type'>,
  ) {
    this.authorization = `Bearer ${tokenConfig.token}`;
    // dashboards and alerts see every series at 0 before the first failure
    for (const type of CACHE_ERROR_TYPES) errors.inc({ error_type: type }, 0);
  }

  async createSession(input: SessionInput): Promise<Session> {
    const response = await this.call(input.id, 'POST', '/cache/session', input);
    return this.sessionOf(input.id, response);
  }

  async getSession(id: string): Promise<Session> {
    const response = await this.call(id, 'GET', `/cache/session/${encodeURIComponent(id)}`);
    if (response.status === 404) throw new NotFoundException(SESSION_NOT_FOUND);
    return this.sessionOf(id, response);
  }

  private async call(
    sessionId: string,
    method: Method,
    path: string,
    body?: SessionInput,
  ): Promise<DownstreamResponse<unknown>> {
    try {
      return await this.http.request<unknown>({
        service: CACHE_SERVICE,
        baseUrl: this.config.cacheUrl,
        method,
        path,
        body,
        headers: { Authorization: this.authorization },
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw this.failure({
        type: 'connection_error',
        sessionId,
        detail,
        message: `Could not reach ${CACHE_SERVICE} for session ${sessionId}: ${detail}`,
      });
    }
  }

  private sessionOf(sessionId: string, { status, data }: DownstreamResponse<unknown>): Session {
    if (status >= 200 && status < 300 && isSession(data)) return data;
    const detail = status < 300 ? 'the answer is not a session' : downstreamMessage(status, data);
    if (status === 401) {
      throw this.failure({
        type: 'auth_failure',
        sessionId,
        status,
        detail,
        message: `Authentication with ${CACHE_SERVICE} failed for session ${sessionId}: HTTP ${status} "${detail}"`,
      });
    }
    throw this.failure({
      type: 'cache_error',
      sessionId,
      status,
      detail,
      message: `${CACHE_SERVICE} answered HTTP ${status} for session ${sessionId}: ${detail}`,
    });
  }

  private failure({ type, sessionId, status, detail, message }: CacheFailure): HttpException {
    this.errors.inc({ error_type: type });
    this.logger.error(
      { error_type: type, session_id: sessionId, cache_status: status, cache_error: detail },
      message,
    );
    return new InternalServerErrorException(
      type === 'auth_failure' ? AUTH_FAILURE_MESSAGE : INTERNAL_SERVICE_ERROR,
    );
  }
}
