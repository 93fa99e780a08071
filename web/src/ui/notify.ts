import { notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from './errors.js';

/** Toasts for the outcome of an action. */
export function useNotify() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return useMemo(() => {
    // Mantine's close button has no text of its own.
    const closeButtonProps = { 'aria-label': t('common.close') };
    return {
      success: (message: string) => notifications.show({ color: 'green', message, closeButtonProps }),
      error: (error: unknown, title: string = t('errors.title')) =>
        notifications.show({ color: 'red', title, message: errorMessage(error), closeButtonProps }),
    };
  }, [t, errorMessage]);
}
