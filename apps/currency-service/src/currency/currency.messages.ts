export const INVALID_AMOUNT = 'Invalid amount provided';
