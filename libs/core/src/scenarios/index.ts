export * from './admin-token.guard';
export * from './common-scenarios';
export * from './params';
export * from './scenario.dto';
export * from './scenarios.controller';
export * from './switchboard';
