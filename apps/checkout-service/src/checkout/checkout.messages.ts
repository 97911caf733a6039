export const NO_CHECKOUT_DATA = 'No checkout data provided';
export const INVALID_ITEM_FORMAT = 'Invalid item format';
export const ORDER_NOT_FOUND = 'Order not found';

export function missingField(field: string): string {
  return `Missing required field: ${field}`;
}

export function invalidField(field: string): string {
  return `Invalid field: ${field}`;
}

export function productNotFound(id: number): string {
  return `Product ${id} not found`;
}

export function productLookupFailed(detail: string): string {
  return `Failed to retrieve product information: ${detail}`;
}
