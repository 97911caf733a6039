/** The simulated shoppers and what they send at checkout, as the original demo had them. */
export interface ShippingAddress {
  street: string;
  city: string;
  state?: string;
  country: string;
  zip: string;
}

export interface ShopUser {
  id: string;
  email: string;
}

export const USERS: readonly ShopUser[] = Array.from({ length: 10 }, (_, index) => ({
  id: `user-${index + 1}`,
  email: `user${index + 1}@example.com`,
}));

export const ADDRESSES: readonly ShippingAddress[] = [
  { street: '123 Main St', city: 'New York', state: 'NY', country: 'USA', zip: '10001' },
  { street: '456 Market St', city: 'San Francisco', state: 'CA', country: 'USA', zip: '94103' },
  { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' },
  { street: '321 Queen St', city: 'Toronto', state: 'ON', country: 'Canada', zip: 'M5V 2A9' },
  { street: '654 Tokyo Ave', city: 'Tokyo', country: 'Japan', zip: '100-0001' },
];

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD'] as const;

export const BROWSED_CATEGORIES = ['Electronics', 'Computers', 'Audio', 'Wearables'] as const;
