import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FALLBACK_LANGUAGE, isLanguageCode, LANGUAGES, type LanguageCode } from './languages.js';

const options = LANGUAGES.map(({ code, label }) => ({ value: code, label }));

/** Picks the UI language; the language detector keeps the choice in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = isLanguageCode(i18n.resolvedLanguage) ? i18n.resolvedLanguage : FALLBACK_LANGUAGE;

  return (
    <Select<LanguageCode>
      aria-label={t('language.label')}
      data={options}
      value={current}
      onChange={(language) => {
        if (language) void i18n.changeLanguage(language);
      }}
      allowDeselect={false}
      leftSection={<IconLanguage size={16} aria-hidden />}
      w={200}
      data-testid="language-switch"
    />
  );
}
