import type { Product } from '@app/contracts';

function product(
  id: number,
  name: string,
  description: string,
  price: number,
  image: string,
  categories: string[],
): Product {
  return {
    id,
    name,
    description,
    price,
    currency: 'USD',
    image_url: `https://example.com/${image}.jpg`,
    categories,
  };
}

export const PRODUCTS: readonly Product[] = [
  product(
    1,
    'Smartphone Model X',
    'Latest smartphone with advanced features',
    699.99,
    'smartphone',
    ['Electronics', 'Phones'],
  ),
  product(2, 'Laptop Pro', 'High-performance laptop for professionals', 1299.99, 'laptop', [
    'Electronics',
    'Computers',
  ]),
  product(3, 'Wireless Headphones', 'Premium noise-cancelling headphones', 249.99, 'headphones', [
    'Electronics',
    'Audio',
  ]),
  product(
    4,
    'Smart Watch Series 5',
    'Fitness and health tracking smartwatch',
    349.99,
    'smartwatch',
    ['Electronics', 'Wearables'],
  ),
  product(5, 'Bluetooth Speaker', 'Portable waterproof bluetooth speaker', 79.99, 'speaker', [
    'Electronics',
    'Audio',
  ]),
];
