import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { ProfileCard } from './ProfileCard.js';

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageTitle>{t('account.title')}</PageTitle>
      <ProfileCard />
      <ChangePasswordForm />
    </Stack>
  );
}
