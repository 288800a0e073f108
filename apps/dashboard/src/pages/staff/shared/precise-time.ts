import { useMemo } from 'react';
import { useI18n } from '../../../i18n/index.tsx';

/** Date and time to the second, in the person's time zone: retries are seconds apart. */
export function usePreciseTime(): (value: Date) => string {
  const { locale, timeZone } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
    return (value: Date) => format.format(value);
  }, [locale, timeZone]);
}
