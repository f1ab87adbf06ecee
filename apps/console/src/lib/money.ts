/** "250.500000" → "250.50": the API's exact micro-dollar amounts, without trailing zeros. */
export function money(usd: string): string {
  return usd.replace(/^(\d+\.\d\d\d*?)0+$/, '$1');
}
