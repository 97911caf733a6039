import { Injectable, NotFoundException } from '@nestjs/common';
import type { Product } from '@app/contracts';
import { PRODUCTS } from './products.data';

@Injectable()
export class ProductsService {
  /** All products, or those listing `category` exactly (case-sensitive, as before). */
  list(category?: string): Product[] {
    return category === undefined
      ? [...PRODUCTS]
      : PRODUCTS.filter((product) => product.categories.includes(category));
  }

  get(id: number): Product {
    const product = PRODUCTS.find((candidate) => candidate.id === id);
    if (!product) throw new NotFoundException('Product not found');
    return product;
  }
}
