import { Injectable, NotFoundException } from '@nestjs/common';
import type { Ad } from '@app/contracts';
import { sample } from '@app/core';
import { ADS, FALLBACK_CATEGORY } from './ads.data';

const RANDOM_AD_COUNT = 3;
const MAX_FALLBACK_ADS = 2;
const PRODUCT_ID = /^\d+$/;

export interface AdSelection {
  productIds?: string;
  category?: string;
}

@Injectable()
export class AdsService {
  /**
   * Ads for the first criterion given: product ids, else category, else three at random.
   * An empty value counts as not given, as it did in the original demo.
   */
  select({ productIds, category }: AdSelection): Ad[] {
    if (productIds?.trim()) return this.forProducts(parseProductIds(productIds));
    if (category) return this.forCategory(category);
    return sample(ADS, RANDOM_AD_COUNT);
  }

  /** The ads of these products, or up to two general ads when none has its own. */
  forProducts(productIds: ReadonlySet<number>): Ad[] {
    const matching = ADS.filter(
      (ad) => ad.product_id !== undefined && productIds.has(ad.product_id),
    );
    return matching.length > 0
      ? matching
      : this.forCategory(FALLBACK_CATEGORY).slice(0, MAX_FALLBACK_ADS);
  }

  /** Exact, case-sensitive match, like the product catalog's categories. */
  forCategory(category: string): Ad[] {
    return ADS.filter((ad) => ad.category === category);
  }

  get(id: string): Ad {
    const ad = ADS.find((candidate) => candidate.id === id);
    if (!ad) throw new NotFoundException('Ad not found');
    return ad;
  }
}

/** `"1, 2,x,3"` → {1, 2, 3}: entries that are not plain non-negative integers are ignored. */
export function parseProductIds(list: string): Set<number> {
  return new Set(
    list
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => PRODUCT_ID.test(entry))
      .map(Number),
  );
}
