// The stored order is the answer of `GET /order/:id`, which the gateway passes on, so its
// shape lives in @app/contracts beside the other answers services share.
export type { Order, OrderLine } from '@app/contracts';
