import { HttpService } from '@nestjs/axios';
import { Inject, Injectable } from '@nestjs/common';
import { AxiosError, AxiosRequestConfig, Method } from 'axios';
import { Agent as HttpAgent, ClientRequest } from 'node:http';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { isErrorBody } from '@app/contracts';
import { SpanKind } from '@opentelemetry/api';
import { markFailed, propagationHeaders, tracer } from '@app/logging';
import { DownstreamUnavailableError } from './downstream.errors';

export interface DownstreamRequest {
  /** Name used in logs, errors and metrics, e.g. `product-catalog`. */
  service: string;
  baseUrl: string;
  method: Method;
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Aborts the call, e.g. when a load generator shuts down. */
  signal?: AbortSignal;
}

/** Methods whose repetition changes nothing on the peer, so a call cut before its answer can be sent again. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Makes a new connection for every call: a retry must not draw another stale pooled socket. */
const FRESH_SOCKET_AGENT = new HttpAgent({ keepAlive: false });

export interface DownstreamResponse<T> {
  status: number;
  data: T;
}

/**
 * One HTTP call to another service of the demo. Every answer comes back with its status —
 * mapping statuses to the caller's own errors is the job of the per-dependency client — and
 * only a failure to get an answer at all (refused, reset, timed out) throws.
 * The timeout and keep-alive agent come from HttpClientModule; the trace travels along.
 */
@Injectable()
export class DownstreamHttp {
  constructor(
    private readonly http: HttpService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** One client span per call, whose context the downstream continues. */
  async request<T>(request: DownstreamRequest): Promise<DownstreamResponse<T>> {
    const method = request.method.toUpperCase();
    return tracer().startActiveSpan(
      method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': method,
          'url.full': `${request.baseUrl}${request.path}`,
          'peer.service': request.service,
        },
      },
      async (span) => {
        try {
          const response = await this.exchange<T>(request);
          span.setAttribute('http.response.status_code', response.status);
          if (response.status >= 400) {
            markFailed(
              span,
              `${request.service}: ${downstreamMessage(response.status, response.data)}`,
            );
          }
          return response;
        } catch (error) {
          markFailed(span, error instanceof Error ? error.message : String(error));
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private async exchange<T>(request: DownstreamRequest): Promise<DownstreamResponse<T>> {
    // axios's own timeout stops once headers arrive; a peer trickling its body could hold
    // the call forever, so the whole exchange (a retry included) has a wall-clock deadline:
    // one timer per call, cleared as soon as the answer is in
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.config.httpClientTimeoutMs);
    const caller = request.signal;
    const callerAborted = () => deadline.abort(caller?.reason);
    if (caller?.aborted) callerAborted();
    caller?.addEventListener('abort', callerAborted, { once: true });
    const config: AxiosRequestConfig = {
      baseURL: request.baseUrl,
      url: request.path,
      method: request.method,
      params: request.params,
      data: request.body,
      headers: { ...propagationHeaders(), ...request.headers },
      validateStatus: () => true,
      signal: deadline.signal,
    };
    const timedOut = () => deadline.signal.aborted && !caller?.aborted;
    try {
      return await this.send<T>(config);
    } catch (error) {
      if (!isResetOfReusedSocket(error) || !IDEMPOTENT_METHODS.has(request.method.toUpperCase())) {
        throw toUnavailable(request.service, error, timedOut());
      }
      // The peer closed a pooled connection just as we reused it (its keep-alive timer, or
      // a restart): the request never reached a handler, so one retry on a new socket is safe.
      try {
        return await this.send<T>({ ...config, httpAgent: FRESH_SOCKET_AGENT });
      } catch (retryError) {
        throw toUnavailable(request.service, retryError, timedOut());
      }
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', callerAborted);
    }
  }

  /**
   * The module's axios instance (its agents, limits and defaults), called directly: the
   * Observable that HttpService wraps around each call is torn down by cancelling the
   * request, which builds an error even for a call that succeeded.
   */
  private async send<T>(config: AxiosRequestConfig): Promise<DownstreamResponse<T>> {
    const response = await this.http.axiosRef.request<T>(config);
    return { status: response.status, data: response.data };
  }
}

/** Node marks a request sent over a pooled socket; a reset there means the peer closed it first. */
function isResetOfReusedSocket(error: unknown): boolean {
  if (!(error instanceof AxiosError) || error.code !== 'ECONNRESET') return false;
  const sent: unknown = error.request;
  return sent instanceof ClientRequest && sent.reusedSocket;
}

function toUnavailable(
  service: string,
  error: unknown,
  deadlinePassed: boolean,
): DownstreamUnavailableError {
  if (error instanceof AxiosError) {
    const timedOut =
      deadlinePassed ||
      error.code === AxiosError.ECONNABORTED ||
      error.code === AxiosError.ETIMEDOUT;
    return new DownstreamUnavailableError(
      service,
      timedOut ? 'timeout' : 'connection',
      error.code ? `${error.code} ${error.message}` : error.message,
    );
  }
  return new DownstreamUnavailableError(service, 'connection', String(error));
}

/**
 * The message of a downstream's `{"error"}` body (docs/API.md#error-shape), or a description
 * of what came back.
 */
export function downstreamMessage(status: number, data: unknown): string {
  return isErrorBody(data) ? data.error : `HTTP ${status}`;
}
