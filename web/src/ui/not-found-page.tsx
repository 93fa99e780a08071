import { useTranslation } from 'react-i18next';
import { Notice } from './notice.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Notice title={t('notFound.title')} testId="not-found">
      {t('notFound.body')}
    </Notice>
  );
}
