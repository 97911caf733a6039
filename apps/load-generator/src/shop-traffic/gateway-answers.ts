/**
 * Readers for the gateway's answers. They come from another process, so nothing about
 * their shape is taken on trust: a malformed answer reads as "nothing usable".
 */

/** The product ids of a `GET /products` answer (`{"products":[…],"ads":[…]}`). */
export function productIdsFrom(data: unknown): number[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const products: unknown = (data as { products?: unknown }).products;
  if (!Array.isArray(products)) return undefined;
  return products
    .map((product: unknown) =>
      typeof product === 'object' && product !== null
        ? (product as { id?: unknown }).id
        : undefined,
    )
    .filter((id): id is number => Number.isSafeInteger(id));
}

/** The order id of a `POST /checkout` answer. */
export function orderIdFrom(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const orderId: unknown = (data as { order_id?: unknown }).order_id;
  return typeof orderId === 'string' ? orderId : undefined;
}
