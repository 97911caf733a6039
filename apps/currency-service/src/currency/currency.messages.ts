export const INVALID_AMOUNT = 'Invalid amount provided';
/** The answer of a USD→EUR conversion with an amount while scenario currency-eur-bug is on. */
export const CALCULATION_ERROR = 'Internal calculation error';
