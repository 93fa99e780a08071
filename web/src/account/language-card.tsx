import { Paper, Select, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageCode } from '../../../common/languages.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useSaveLanguage } from './use-save-language.js';

const options = LANGUAGES.map(({ code, label }) => ({ value: code, label }));

/** The account's language: of its pages after sign-in and of every e-mail it receives. */
export function LanguageCard() {
  const { t } = useTranslation();
  const { user } = useCurrentUser();
  const { save, pending } = useSaveLanguage();
  return (
    <Paper withBorder radius="md" p="lg" maw={480}>
      <Title order={2} size="h4" mb="xs">
        {t('accounts.language.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md" id="account-language-hint">
        {t('accounts.language.hint')}
      </Text>
      <Select<LanguageCode>
        aria-label={t('accounts.language.title')}
        aria-describedby="account-language-hint"
        data={options}
        value={user.language}
        onChange={(language) => {
          if (language) save(language);
        }}
        allowDeselect={false}
        disabled={pending}
        maw={260}
        data-testid="account-language"
      />
    </Paper>
  );
}
