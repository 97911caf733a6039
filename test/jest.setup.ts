// Services log JSON to stdout; in unit and e2e tests that would bury the test report.
process.env.LOG_LEVEL ??= 'silent';
