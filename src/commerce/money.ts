/** Amounts are whole numbers of the currency's minor unit (cents), never floats. */
export type Money = { amountMinor: number; currency: string };

export const supportedCurrencies = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'SEK', 'NOK', 'DKK'] as const;
export type Currency = (typeof supportedCurrencies)[number];

export function isCurrency(text: string): text is Currency {
  return supportedCurrencies.some((currency) => currency === text);
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "$9", "$9.50", "€12": whole amounts without the zero cents, as offers are written. */
export function formatMoney({ amountMinor, currency }: Money, locale: string): string {
  const isWhole = amountMinor % 100 === 0;
  const key = `${locale}|${currency}|${isWhole}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: isWhole ? 0 : 2, maximumFractionDigits: 2 });
    formatters.set(key, formatter);
  }
  return formatter.format(amountMinor / 100);
}
