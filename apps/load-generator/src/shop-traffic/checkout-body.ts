import type { CheckoutItem } from '@app/contracts';
import { sample } from '@app/core';
import { pick, randomInt } from '@app/load';
import { ADDRESSES, CURRENCIES, ShippingAddress, ShopUser } from './users.data';

/** What the gateway's `POST /checkout` expects (it forwards it to checkout `/process`). */
export interface CheckoutBody {
  user_id: string;
  user_currency: string;
  address: ShippingAddress;
  email: string;
  items: CheckoutItem[];
}

export interface BasketLimits {
  maxItems: number;
  maxQuantity: number;
}

/** A basket of 1–maxItems distinct products, each 1–maxQuantity times, in a random currency. */
export function buildCheckoutBody(
  user: ShopUser,
  productIds: readonly number[],
  limits: BasketLimits,
): CheckoutBody {
  return {
    user_id: user.id,
    user_currency: pick(CURRENCIES),
    address: pick(ADDRESSES),
    email: user.email,
    items: sample(productIds, randomInt(1, limits.maxItems)).map((productId) => ({
      product_id: productId,
      quantity: randomInt(1, limits.maxQuantity),
    })),
  };
}
