import type { Ad } from '@app/contracts';

function ad(n: number, promo: string, text: string, category: string, productId?: number): Ad {
  return {
    id: `ad${n}`,
    redirect_url: `https://example.com/promo/${promo}`,
    text,
    image_url: `https://example.com/assets/ad${n}.jpg`,
    ...(productId === undefined ? {} : { product_id: productId }),
    category,
  };
}

export const ADS: readonly Ad[] = [
  ad(1, 'smartphone', 'Get 10% off on the latest smartphones!', 'Electronics', 1),
  ad(2, 'laptop', 'Back to school sale! Laptops starting at $699', 'Electronics', 2),
  ad(3, 'headphones', 'Premium headphones - free shipping for limited time', 'Audio', 3),
  ad(4, 'smartwatch', 'Track your fitness with our new smartwatch collection', 'Wearables', 4),
  ad(5, 'speakers', 'Summer party? Get our waterproof bluetooth speakers', 'Audio', 5),
  ad(6, 'general', 'Free shipping on orders over $50!', 'General'),
];

/** Shown when none of the requested products has an ad of its own. */
export const FALLBACK_CATEGORY = 'General';
