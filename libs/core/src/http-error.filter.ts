import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { trace } from '@opentelemetry/api';
import type { ErrorBody } from '@app/contracts';
import { markFailed } from '@app/logging';

/**
 * An error of the http-errors kind that Express's own parts raise (`send` behind the static
 * files: 412 for a failed If-Match, 416 for an unsatisfiable Range): a 4xx whose message is
 * meant for the client.
 */
interface ClientFacingError {
  status: number;
  message: string;
  expose: true;
}

function isClientFacingError(error: unknown): error is ClientFacingError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Error & Partial<ClientFacingError>;
  return (
    candidate.expose === true &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

/** The message of an HttpException, whatever shape its response object has. */
function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { message, error } = response as { message?: unknown; error?: unknown };
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && typeof message[0] === 'string') return message[0];
  // terminus reports failed indicators as an object keyed by indicator name
  if (typeof error === 'object' && error !== null) {
    return `Health check failed: ${Object.keys(error).join(', ')}`;
  }
  return exception.message;
}

/**
 * Gives every failure the `{"error": "<message>"}` shape of docs/API.md#error-shape: our own
 * HttpExceptions, validation failures, refused bodies, unknown routes, Express's 4xx —
 * and anything unexpected, which becomes a logged 500 that reveals nothing internal.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, message] = this.describe(exception);
    // the reason a trace shows for a refused credential (401) or a failure of ours
    if (status >= 500 || status === 401) {
      markFailed(trace.getActiveSpan(), message);
    }
    // too late for an error body: end what was started rather than leave the client waiting
    if (response.headersSent) {
      response.end();
      return;
    }
    const body: ErrorBody = { error: message };
    // explicit: a static file's Content-Type may already be set when its send fails
    response.status(status).type('application/json').json(body);
  }

  private describe(exception: unknown): [number, string] {
    if (exception instanceof HttpException) return [exception.getStatus(), messageOf(exception)];
    if (isClientFacingError(exception)) return [exception.status, exception.message];
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return [HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error'];
  }
}
