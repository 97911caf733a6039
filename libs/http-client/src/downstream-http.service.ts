import { HttpService } from '@nestjs/axios';
import { Inject, Injectable } from '@nestjs/common';
import { AxiosError, Method } from 'axios';
import { firstValueFrom } from 'rxjs';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { isErrorBody } from '@app/contracts';
import { propagationHeaders } from '@app/logging';
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

export interface DownstreamResponse<T> {
  status: number;
  data: T;
}

/**
 * One HTTP call to another service of the demo. Every answer comes back with its status —
 * mapping statuses to the contract's errors is the job of the per-dependency client — and
 * only a failure to get an answer at all (refused, reset, timed out) throws.
 * The timeout and keep-alive agent come from HttpClientModule; the trace travels along.
 */
@Injectable()
export class DownstreamHttp {
  constructor(
    private readonly http: HttpService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async request<T>(request: DownstreamRequest): Promise<DownstreamResponse<T>> {
    // axios's own timeout stops once headers arrive; a peer trickling its body could hold
    // the call forever, so the whole exchange also has a wall-clock deadline
    const timeout = AbortSignal.timeout(this.config.httpClientTimeoutMs);
    try {
      const response = await firstValueFrom(
        this.http.request<T>({
          baseURL: request.baseUrl,
          url: request.path,
          method: request.method,
          params: request.params,
          data: request.body,
          headers: { ...propagationHeaders(), ...request.headers },
          validateStatus: () => true,
          signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
        }),
      );
      return { status: response.status, data: response.data };
    } catch (error) {
      throw toUnavailable(request.service, error, timeout.aborted);
    }
  }
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

/** The `error` message of a downstream's contract error body, or a description of what came back. */
export function downstreamMessage(status: number, data: unknown): string {
  return isErrorBody(data) ? data.error : `HTTP ${status}`;
}
