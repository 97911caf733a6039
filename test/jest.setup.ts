import { Logger } from '@nestjs/common';

// Services log JSON to stdout; in unit and e2e tests that would bury the test report.
process.env.LOG_LEVEL ??= 'silent';

// Nest's static Logger (used by clients and services outside a request) would print
// coloured lines into the report; tests assert behaviour, and logs where they matter.
Logger.overrideLogger(false);
