import { HttpException, InternalServerErrorException, Logger } from '@nestjs/common';
import {
  DownstreamAnswerError,
  DownstreamCall,
  DownstreamPolicy,
  DownstreamStatusError,
  DownstreamUnavailableError,
  fallback,
} from '@app/http-client';

type Failure = DownstreamUnavailableError | DownstreamStatusError | DownstreamAnswerError;

/** Every failure is logged once, as a warning, with the detail the client does not see. */
function warn(label: string, logger: Logger, error: Failure, call: DownstreamCall): void {
  let reason: string;
  if (error instanceof DownstreamStatusError) {
    reason = `answered ${error.status}: ${error.downstreamMessage}`;
  } else if (error instanceof DownstreamAnswerError) {
    reason = 'answered with an unexpected body';
  } else {
    reason = error.message;
  }
  logger.warn(
    { downstream: error.service, call: `${call.method} ${call.path}`, reason },
    `${label} call failed`,
  );
}

/**
 * What every downstream of the gateway shares: a 4xx keeps its status and message (the
 * client's mistake, reported as the downstream worded it), and anything else — no answer, a
 * 5xx, an answer we cannot use — is a 500 naming the downstream by `label`, e.g.
 * `Product catalog`.
 */
export function gatewayPolicy(label: string, logger: Logger): DownstreamPolicy {
  return {
    noAnswer: (error, call) => {
      warn(label, logger, error, call);
      const what = error.reason === 'timeout' ? 'timed out' : 'connection failed';
      return new InternalServerErrorException(`${label} unavailable: ${what}`);
    },
    clientError: (error, call) => {
      warn(label, logger, error, call);
      return new HttpException(error.downstreamMessage, error.status);
    },
    serverError: (error, call) => {
      warn(label, logger, error, call);
      return new InternalServerErrorException(`${label} error: ${error.downstreamMessage}`);
    },
    invalidAnswer: (error, call) => {
      warn(label, logger, error, call);
      return new InternalServerErrorException(`${label} error: unexpected answer`);
    },
  };
}

/** For a downstream a page can do without: the same warnings, and every failure answers `value`. */
export function degradingPolicy<F>(
  label: string,
  logger: Logger,
  value: F,
): DownstreamPolicy<void, F> {
  const degrade = (error: Failure, call: DownstreamCall) => {
    warn(label, logger, error, call);
    return fallback(value);
  };
  return { noAnswer: degrade, clientError: degrade, serverError: degrade, invalidAnswer: degrade };
}
