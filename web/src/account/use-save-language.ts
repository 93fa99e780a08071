import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../../common/languages.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useUpdateMe } from '../auth/queries.js';
import { useNotify } from '../ui/notify.js';

/**
 * Switches the UI to a language and saves it to the signed-in account, which then gets its pages
 * after every sign-in and its e-mails in it.
 */
export function useSaveLanguage(): { save: (language: LanguageCode) => void; pending: boolean } {
  const { t, i18n } = useTranslation();
  const { user } = useCurrentUser();
  const updateMe = useUpdateMe();
  const notify = useNotify();
  const { mutate } = updateMe;
  const save = useCallback(
    (language: LanguageCode) => {
      if (i18n.resolvedLanguage !== language) void i18n.changeLanguage(language);
      if (language === user.language) return;
      mutate({ language }, { onError: (error) => notify.error(error, t('accounts.language.failed')) });
    },
    [i18n, user.language, mutate, notify, t],
  );
  return { save, pending: updateMe.isPending };
}
