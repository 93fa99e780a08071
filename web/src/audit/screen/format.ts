import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Compact date and time in the UI language, for message times and the batch list. */
export function useFormatShortDateTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
    return (iso) => format.format(new Date(iso));
  }, [language]);
}
