import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageCode } from '../../../common/languages.js';

const options = LANGUAGES.map(({ code, label }) => ({ value: code, label }));

interface LanguageSelectProps {
  value: LanguageCode;
  onChange: (language: LanguageCode) => void;
  'data-testid'?: string;
}

/** An account's language (its pages after sign-in, its e-mails), as an admin sets it. */
export function LanguageSelect({ value, onChange, ...props }: LanguageSelectProps) {
  const { t } = useTranslation();
  return (
    <Select<LanguageCode>
      label={t('accounts.users.language')}
      description={t('accounts.users.languageHint')}
      data={options}
      value={value}
      onChange={(language) => {
        if (language) onChange(language);
      }}
      allowDeselect={false}
      {...props}
    />
  );
}
