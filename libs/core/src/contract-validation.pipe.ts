import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { emptyBodyMessageOf, invalidBodyMessageOf } from '@app/contracts';

/** The first rule broken, depth first, so the client learns about one concrete problem. */
function firstProblem(errors: ValidationError[]): string {
  for (const error of errors) {
    const constraint = Object.values(error.constraints ?? {})[0];
    if (constraint) return constraint;
    const nested = firstProblem(error.children ?? []);
    if (nested) return nested;
  }
  return '';
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean]);

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

/**
 * class-validator on every DTO, answering with the messages docs/API.md lists: the DTO's own
 * rule messages, or the class-level messages of {@link EmptyBodyMessage} and
 * {@link InvalidBodyMessage}. Bodies that are not JSON objects never reach a handler.
 */
@Injectable()
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      stopAtFirstError: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        new BadRequestException(firstProblem(errors) || 'Invalid request'),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // single route/query values are parsed by explicit pipes with their routes' messages;
    // ValidationPipe would silently coerce " " to 0 for a `number` parameter
    if (PRIMITIVES.has(metadata.metatype)) return value;
    if (metadata.type === 'body') {
      const emptyMessage = emptyBodyMessageOf(metadata.metatype);
      if (emptyMessage && isEmpty(value)) throw new BadRequestException(emptyMessage);
      const invalidMessage = invalidBodyMessageOf(metadata.metatype);
      if (invalidMessage) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new BadRequestException(invalidMessage);
        }
        try {
          return await super.transform(value, metadata);
        } catch {
          throw new BadRequestException(invalidMessage);
        }
      }
      if (
        metadata.metatype &&
        metadata.metatype !== Object &&
        (typeof value !== 'object' || value === null || Array.isArray(value))
      ) {
        throw new BadRequestException('Request body must be a JSON object');
      }
    }
    return super.transform(value, metadata);
  }
}
