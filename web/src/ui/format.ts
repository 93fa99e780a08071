import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formats an ISO timestamp in the UI language, or returns `fallback` for null. */
export function useFormatDateTime(): (iso: string | null, fallback?: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    return (iso, fallback = '') => (iso === null ? fallback : format.format(new Date(iso)));
  }, [language]);
}
