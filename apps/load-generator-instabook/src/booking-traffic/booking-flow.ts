import { weighted } from '@app/load';

/** How often each kind of booking request happens, in percent. */
export const BOOKING_FLOW_WEIGHTS = {
  'create-and-read': 50,
  'read-existing': 30,
  'create-only': 20,
} as const;

export type BookingFlow = keyof typeof BOOKING_FLOW_WEIGHTS;

export function chooseBookingFlow(): BookingFlow {
  return weighted(BOOKING_FLOW_WEIGHTS);
}
