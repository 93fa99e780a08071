import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/page-title.js';
import { ChangePasswordForm } from './change-password-form.js';
import { LanguageCard } from './language-card.js';
import { ProfileCard } from './profile-card.js';

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageTitle>{t('account.title')}</PageTitle>
      <ProfileCard />
      <LanguageCard />
      <ChangePasswordForm />
    </Stack>
  );
}
