import { useTranslation } from 'react-i18next';
import { Notice } from '../ui/notice.js';

export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <Notice title={t('access.notAllowedTitle')} testId="not-allowed">
      {t('access.notAllowedBody')}
    </Notice>
  );
}
