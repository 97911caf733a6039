import type { DownstreamHttp, DownstreamRequest, DownstreamResponse } from '@app/http-client';

/** A DownstreamHttp answering from a function, recording every request it was given. */
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

export function answering(status: number, data: unknown) {
  return () => Promise.resolve({ status, data });
}

export const GATEWAY_CONFIG = {
  productCatalogUrl: 'http://catalog:8081',
  currencyUrl: 'http://currency:8082',
  adUrl: 'http://ads:8083',
  checkoutUrl: 'http://checkout:8084',
};
