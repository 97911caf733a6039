import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The one error shape every service answers with. */
export interface ErrorBody {
  error: string;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { error?: unknown }).error === 'string'
  );
}

/** {@link ErrorBody} as the API docs show it: the schema of every 4xx and 5xx answer. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ description: 'What went wrong, worded for the caller', example: 'Not found' })
  error!: string;
}

/**
 * Documents the error answers of a route (or of every route of a controller), status →
 * when it is given, each with the {@link ErrorBodyDto} shape.
 */
export function ApiErrorResponses(
  answers: Record<number, string>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(answers).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ErrorBodyDto }),
    ),
  );
}
