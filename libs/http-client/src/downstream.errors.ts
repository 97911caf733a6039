/** The downstream could not be reached or did not answer in time. */
export class DownstreamUnavailableError extends Error {
  constructor(
    readonly service: string,
    readonly reason: 'timeout' | 'connection',
    detail: string,
  ) {
    super(`${service} unavailable (${reason}): ${detail}`);
    this.name = 'DownstreamUnavailableError';
  }
}

/** The downstream answered with a status our caller did not expect. */
export class DownstreamStatusError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly downstreamMessage: string,
  ) {
    super(`${service} answered ${status}: ${downstreamMessage}`);
    this.name = 'DownstreamStatusError';
  }
}

/** The downstream answered with a success status, but a body the caller cannot use. */
export class DownstreamAnswerError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
  ) {
    super(`${service} answered ${status} with a body of an unexpected shape`);
    this.name = 'DownstreamAnswerError';
  }
}
