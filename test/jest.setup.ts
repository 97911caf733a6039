import { Logger } from '@nestjs/common';

// Nest's static Logger (used by clients and services outside a request) would print
// coloured lines into the report; tests assert behaviour, and logs where they matter.
// (Services' own JSON logs are silenced by createE2eApp, through their config.)
Logger.overrideLogger(false);
