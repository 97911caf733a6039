import { weighted } from '@app/load';

/** How often each kind of visit happens, in percent. */
export const SHOP_FLOW_WEIGHTS = {
  browse: 60,
  category: 30,
  'direct-checkout': 10,
} as const;

export type ShopFlow = keyof typeof SHOP_FLOW_WEIGHTS;

export function chooseShopFlow(): ShopFlow {
  return weighted(SHOP_FLOW_WEIGHTS);
}
