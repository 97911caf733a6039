import { Injectable, NotFoundException } from '@nestjs/common';
import type { Product } from '@app/contracts';
import { PRODUCTS } from './products.data';

@Injectable()
export class ProductsService {
  /**
   * All products, or those listing `category` exactly (case-sensitive, as before). An empty
   * `?category=` means no filter, as in ad-service, so the gateway's ads and products agree.
   */
  list(category?: string): Product[] {
    return !category
      ? [...PRODUCTS]
      : PRODUCTS.filter((product) => product.categories.includes(category));
  }

  get(id: number): Product {
    const product = PRODUCTS.find((candidate) => candidate.id === id);
    if (!product) throw new NotFoundException('Product not found');
    return product;
  }
}
