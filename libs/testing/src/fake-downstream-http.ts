import type { DownstreamHttp, DownstreamRequest, DownstreamResponse } from '@app/http-client';

/**
 * A DownstreamHttp answering from a function, recording every request it was given. The
 * function sees the request, so it can answer by route, or fail (e.g. with a
 * DownstreamUnavailableError) by returning a rejected promise.
 */
export function fakeDownstreamHttp(
  answer: (request: DownstreamRequest) => Promise<DownstreamResponse<unknown>>,
): { http: DownstreamHttp; calls: DownstreamRequest[] } {
  const calls: DownstreamRequest[] = [];
  const http = {
    request: (request: DownstreamRequest) => {
      calls.push(request);
      return answer(request);
    },
  } as unknown as DownstreamHttp;
  return { http, calls };
}

/** An answer for fakeDownstreamHttp: always this status and data. */
export function answering(status: number, data: unknown) {
  return (): Promise<DownstreamResponse<unknown>> => Promise.resolve({ status, data });
}

/** Answers with each of `answers` in turn, starting over after the last. */
export function answeringInTurn(answers: DownstreamResponse<unknown>[]) {
  let next = 0;
  return () => Promise.resolve(answers[next++ % answers.length]);
}
