export interface Formatters {
  /** 12 Mar 2026 */
  date(value: Date | string | number): string;
  /** 12 Mar 2026, 14:05 */
  dateTime(value: Date | string | number): string;
  /** 14:05 */
  time(value: Date | string | number): string;
  number(value: number): string;
  /** Minor units (cents) of the given currency. */
  money(minorUnits: number, currency: string): string;
  bytes(value: number): string;
}

/**
 * Dates and numbers through Intl, always in the person's locale and time zone. The date formats
 * are made on first use, and the time zone asked for only then: the first Intl.DateTimeFormat of
 * a page loads the browser's time zone data (a long task on a slow phone), which a page showing
 * no date — the sign-in page — never needs.
 */
export function makeFormatters(locale: string, timeZone: string | (() => string)): Formatters {
  const zone = typeof timeZone === 'string' ? () => timeZone : timeZone;
  const dateFormat = (options: Intl.DateTimeFormatOptions) => {
    let format: Intl.DateTimeFormat | undefined;
    return (value: Date | string | number) => {
      format ??= new Intl.DateTimeFormat(locale, { ...options, timeZone: zone() });
      return format.format(toDate(value));
    };
  };
  const number = new Intl.NumberFormat(locale);
  const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));
  return {
    date: dateFormat({ dateStyle: 'medium' }),
    dateTime: dateFormat({ dateStyle: 'medium', timeStyle: 'short' }),
    time: dateFormat({ timeStyle: 'short' }),
    number: (value) => number.format(value),
    money: (minorUnits, currency) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minorUnits / 100),
    bytes: (value) => {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
      let unit = 0;
      let amount = value;
      while (amount >= 1024 && unit < units.length - 1) {
        amount /= 1024;
        unit += 1;
      }
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: units[unit],
        unitDisplay: 'short',
        maximumFractionDigits: amount < 10 && unit > 0 ? 1 : 0,
      }).format(amount);
    },
  };
}
