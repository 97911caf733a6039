import type { Logger } from '@nestjs/common';

/** Silences a Nest logger and records what it was asked to log, by level. */
export function spyOnLogger(logger: Logger) {
  return {
    errors: jest.spyOn(logger, 'error').mockImplementation(() => undefined),
    warnings: jest.spyOn(logger, 'warn').mockImplementation(() => undefined),
    infos: jest.spyOn(logger, 'log').mockImplementation(() => undefined),
  };
}
