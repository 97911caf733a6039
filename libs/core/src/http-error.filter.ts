import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody } from '@app/contracts';

interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported request body encoding',
  'charset.unsupported': 'Unsupported request body charset',
};

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
 * Gives every failure the contract's `{"error": "<message>"}` shape: our own
 * HttpExceptions, validation failures, malformed or oversized bodies, unknown routes —
 * and anything unexpected, which becomes a logged 500 that reveals nothing internal.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, message] = this.describe(exception);
    // too late for an error body: end what was started rather than leave the client waiting
    if (response.headersSent) {
      response.end();
      return;
    }
    const body: ErrorBody = { error: message };
    response.status(status).json(body);
  }

  private describe(exception: unknown): [number, string] {
    if (exception instanceof HttpException) return [exception.getStatus(), messageOf(exception)];
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      return [exception.status, BODY_PARSER_MESSAGES[exception.type] ?? 'Invalid request body'];
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return [HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error'];
  }
}
