import {
  HttpException,
  Inject,
  Injectable,
  InternalServerErrorException,
  NotFoundException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IsString } from 'class-validator';
import type { Counter } from 'prom-client';
import { instabookTokenConfig } from '@app/auth';
import { instabookConfig } from '../config/instabook.config';
import { AUTH_FAILURE_MESSAGE, SESSION_NOT_FOUND, Session, SessionInput } from '@app/contracts';
import { DownstreamClient, DownstreamHttp, DownstreamPolicy, answerOf } from '@app/http-client';
import { InjectMetric } from '@app/metrics';
import { CACHE_ERRORS_METRIC, CACHE_ERROR_TYPES, CacheErrorType } from './cache-errors.metric';

const CACHE_SERVICE = 'instabook-cache';
const INTERNAL_SERVICE_ERROR = 'Internal service error';

class SessionAnswer implements Session {
  @IsString()
  id!: string;

  @IsString()
  user_id!: string;

  @IsString()
  booking_id!: string;

  @IsString()
  status!: string;

  @IsString()
  data!: string;

  @IsString()
  created_at!: string;
}

const SESSION = answerOf(SessionAnswer);

interface CacheFailure {
  type: CacheErrorType;
  sessionId: string;
  status?: number;
  detail: string;
  message: string;
}

/**
 * instabook's only dependency. Every call carries the shared Bearer token and the session it
 * is about; every way the cache can fail becomes one of instabook's documented errors
 * (docs/API.md#instabook), is counted in
 * `instabook_cache_errors` and logged with the session, the cache's status and its message —
 * never the token. Only a session that is not there on read is no cache error.
 */
@Injectable()
export class CacheClient extends DownstreamClient<string> {
  protected readonly policy: DownstreamPolicy<string> = {
    noAnswer: (error, _call, sessionId) =>
      this.failure({
        type: 'connection_error',
        sessionId,
        detail: error.message,
        message: `Could not reach ${CACHE_SERVICE} for session ${sessionId}: ${error.message}`,
      }),
    clientError: (error, call, sessionId) =>
      call.method === 'GET' && error.status === 404
        ? new NotFoundException(SESSION_NOT_FOUND)
        : this.answerFailure(sessionId, error.status, error.downstreamMessage),
    serverError: (error, _call, sessionId) =>
      this.answerFailure(sessionId, error.status, error.downstreamMessage),
    invalidAnswer: (error, _call, sessionId) =>
      this.answerFailure(sessionId, error.status, 'the answer is not a session'),
  };

  private readonly headers: Record<string, string>;

  constructor(
    http: DownstreamHttp,
    @Inject(instabookConfig.KEY) config: ConfigType<typeof instabookConfig>,
    @Inject(instabookTokenConfig.KEY) tokenConfig: ConfigType<typeof instabookTokenConfig>,
    @InjectMetric(CACHE_ERRORS_METRIC) private readonly errors: Counter<'error_type'>,
  ) {
    super(http, { service: CACHE_SERVICE, baseUrl: config.cacheUrl });
    this.headers = { Authorization: `Bearer ${tokenConfig.token}` };
    // dashboards and alerts see every series at 0 before the first failure
    for (const type of CACHE_ERROR_TYPES) errors.inc({ error_type: type }, 0);
  }

  createSession(input: SessionInput): Promise<Session> {
    return this.fetch(
      { method: 'POST', path: '/cache/session', body: input, headers: this.headers },
      SESSION,
      input.id,
    );
  }

  getSession(id: string): Promise<Session> {
    return this.fetch(
      { method: 'GET', path: `/cache/session/${encodeURIComponent(id)}`, headers: this.headers },
      SESSION,
      id,
    );
  }

  /** The cache answered, but not with a session: its token check refused us, or it failed. */
  private answerFailure(sessionId: string, status: number, detail: string): HttpException {
    if (status === 401) {
      return this.failure({
        type: 'auth_failure',
        sessionId,
        status,
        detail,
        message: `Authentication with ${CACHE_SERVICE} failed for session ${sessionId}: HTTP ${status} "${detail}"`,
      });
    }
    return this.failure({
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
