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

export const PRODUCT_CATEGORIES = ['Electronics', 'Phones', 'Computers', 'Audio', 'Wearables'];
