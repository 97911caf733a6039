export interface Product {
  id: number;
  name: string;
  description: string;
  price: number;
  currency: string;
  image_url: string;
  categories: string[];
}

export interface Ad {
  id: string;
  redirect_url: string;
  text: string;
  image_url: string;
  product_id?: number;
  category: string;
}

export interface CheckoutItem {
  product_id: number;
  quantity: number;
}

export interface CheckoutAnswer {
  order_id: string;
  total: number;
  currency: string;
  status: 'PROCESSED';
}

export interface OrderLine {
  id: number;
  name: string;
  price: number;
  /** The user's currency, or USD when the conversion failed and the USD price was kept. */
  currency: string;
  quantity: number;
  item_total: number;
}

/** A stored order: checkout-service's `GET /order/:id`, which the gateway passes on. */
export interface Order {
  order_id: string;
  user_id: string;
  user_currency: string;
  address: string | Record<string, string | number | null>;
  email: string;
  products: OrderLine[];
  total: number;
  status: 'PROCESSED';
  timestamp: string;
}
