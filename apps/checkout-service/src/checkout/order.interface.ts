export interface OrderLine {
  id: number;
  name: string;
  price: number;
  /** The user's currency, or USD when the conversion failed and the USD price was kept. */
  currency: string;
  quantity: number;
  item_total: number;
}

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
