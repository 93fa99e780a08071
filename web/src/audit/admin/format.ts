import { useTranslation } from 'react-i18next';

/** The decimal separator of the UI language (`,` in pt-BR), for NumberInputs that take decimals. */
export function useDecimalSeparator(): string {
  const { i18n } = useTranslation();
  const parts = new Intl.NumberFormat(i18n.resolvedLanguage).formatToParts(1.5);
  return parts.find((part) => part.type === 'decimal')?.value ?? '.';
}
