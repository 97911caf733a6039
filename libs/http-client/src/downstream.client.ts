import { Logger } from '@nestjs/common';
import type { AnswerShape } from './answer-shape';
import {
  DownstreamHttp,
  DownstreamRequest,
  DownstreamResponse,
  downstreamMessage,
} from './downstream-http.service';
import {
  DownstreamAnswerError,
  DownstreamStatusError,
  DownstreamUnavailableError,
} from './downstream.errors';

export interface DownstreamTarget {
  /** The service's name in logs, errors and spans, e.g. `product-catalog`. */
  service: string;
  baseUrl: string;
}

export type DownstreamCall = Pick<
  DownstreamRequest,
  'method' | 'path' | 'params' | 'body' | 'headers'
>;

/** Answers the caller with this value instead of failing. */
export interface Fallback<F> {
  fallback: F;
}

export function fallback<F>(value: F): Fallback<F> {
  return { fallback: value };
}

/** Throws the downstream failure as it is, for the caller to decide. */
export function passThrough<E extends Error>(error: E): E {
  return error;
}

/**
 * What one way of failing becomes: the error to throw (an HttpException with the caller's
 * message, the failure itself, …) or a fallback answer. It may log and count on the way.
 * `context` is what the client passed along with the call, e.g. the id it was about.
 */
export type FailureMapping<E extends Error, C, F> = (
  error: E,
  call: DownstreamCall,
  context: C,
) => Error | Fallback<F>;

/** Each client's declaration of what each outcome of a call becomes. */
export interface DownstreamPolicy<C = void, F = never> {
  /** The status of a usable answer; any 2xx when not given. */
  okStatus?: number;
  /** Refused, reset or timed out. */
  noAnswer: FailureMapping<DownstreamUnavailableError, C, F>;
  /** A 4xx. */
  clientError: FailureMapping<DownstreamStatusError, C, F>;
  /** A 5xx, or any other status that is not a usable answer (a redirect, which is not followed). */
  serverError: FailureMapping<DownstreamStatusError, C, F>;
  /** A usable status whose body is not of the expected shape. */
  invalidAnswer: FailureMapping<DownstreamAnswerError, C, F>;
}

/** The context argument of `fetch`: none for a client whose policy needs none. */
type ContextArgument<C> = [C] extends [void] ? [] : [context: C];

/**
 * One downstream as a client of ours sees it: every call goes through DownstreamHttp
 * (deadline, trace, span), its answer is checked against an AnswerShape, and every way it
 * can fail is turned by the client's `policy` into the caller's error or fallback.
 * Errors that are no downstream failure (bugs) pass untouched.
 */
export abstract class DownstreamClient<C = void, F = never> {
  protected readonly logger = new Logger(this.constructor.name);
  protected abstract readonly policy: DownstreamPolicy<C, F>;

  protected constructor(
    private readonly http: DownstreamHttp,
    private readonly target: DownstreamTarget,
  ) {}

  protected async fetch<T>(
    call: DownstreamCall,
    answer: AnswerShape<T>,
    ...[context]: ContextArgument<C>
  ): Promise<T | F> {
    const { service } = this.target;
    const about = context as C;
    let response: DownstreamResponse<unknown>;
    try {
      response = await this.http.request<unknown>({
        ...call,
        service,
        baseUrl: this.target.baseUrl,
      });
    } catch (error) {
      if (!(error instanceof DownstreamUnavailableError)) throw error;
      return this.settle(this.policy.noAnswer(error, call, about));
    }
    const { status, data } = response;
    if (this.usable(status)) {
      if (answer.accepts(data)) return data;
      const invalid = new DownstreamAnswerError(service, status);
      return this.settle(this.policy.invalidAnswer(invalid, call, about));
    }
    const failed = new DownstreamStatusError(service, status, downstreamMessage(status, data));
    const mapping =
      status >= 400 && status < 500 ? this.policy.clientError : this.policy.serverError;
    return this.settle(mapping(failed, call, about));
  }

  private usable(status: number): boolean {
    const expected = this.policy.okStatus;
    return expected === undefined ? status >= 200 && status < 300 : status === expected;
  }

  private settle(outcome: Error | Fallback<F>): F {
    if (outcome instanceof Error) throw outcome;
    return outcome.fallback;
  }
}
