import { useTranslation } from 'react-i18next';

/** Sets the browser tab title; React 19 hoists `<title>` into the document head. */
export function DocumentTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  return <title>{`${children} · ${t('app.name')}`}</title>;
}
