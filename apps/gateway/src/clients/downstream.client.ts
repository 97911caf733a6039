import { HttpException, InternalServerErrorException, Logger } from '@nestjs/common';
import {
  DownstreamHttp,
  DownstreamRequest,
  DownstreamResponse,
  DownstreamUnavailableError,
  downstreamMessage,
} from '@app/http-client';

export interface DownstreamTarget {
  /** The service's name in logs, e.g. `product-catalog`. */
  service: string;
  /** How the gateway's error messages name it, e.g. `Product catalog`. */
  label: string;
  baseUrl: string;
}

export type DownstreamCall = Pick<DownstreamRequest, 'method' | 'path' | 'params' | 'body'>;

/**
 * What every downstream of the gateway shares: a 2xx answer is the data, a 4xx keeps its
 * status and message (the client's mistake, reported as the downstream worded it), and
 * anything else — no answer, a 5xx, an answer we cannot use — is a 500 naming the downstream.
 * Every failure is logged once, as a warning, with the detail the client does not see.
 */
export abstract class DownstreamClient {
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(
    private readonly http: DownstreamHttp,
    private readonly target: DownstreamTarget,
  ) {}

  protected async fetch(call: DownstreamCall): Promise<unknown> {
    let response: DownstreamResponse<unknown>;
    try {
      response = await this.http.request<unknown>({
        ...call,
        service: this.target.service,
        baseUrl: this.target.baseUrl,
      });
    } catch (error) {
      if (!(error instanceof DownstreamUnavailableError)) throw error;
      this.warn(call, error.message);
      const what = error.reason === 'timeout' ? 'timed out' : 'connection failed';
      throw new InternalServerErrorException(`${this.target.label} unavailable: ${what}`);
    }
    if (response.status >= 200 && response.status < 300) return response.data;
    const message = downstreamMessage(response.status, response.data);
    this.warn(call, `answered ${response.status}: ${message}`);
    if (response.status >= 400 && response.status < 500) {
      throw new HttpException(message, response.status);
    }
    throw new InternalServerErrorException(`${this.target.label} error: ${message}`);
  }

  /** For a 2xx answer whose body is not what the contract promises. */
  protected invalidAnswer(call: DownstreamCall): InternalServerErrorException {
    this.warn(call, 'answered with an unexpected body');
    return new InternalServerErrorException(`${this.target.label} error: unexpected answer`);
  }

  private warn(call: DownstreamCall, reason: string): void {
    this.logger.warn(
      { downstream: this.target.service, call: `${call.method} ${call.path}`, reason },
      `${this.target.label} call failed`,
    );
  }
}
