import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FALLBACK_LANGUAGE, isLanguageCode, LANGUAGES, type LanguageCode } from './languages.js';

const options = LANGUAGES.map(({ code, label }) => ({ value: code, label }));

/**
 * Picks the UI language; the language detector keeps the choice in localStorage. `onChange` also
 * hears the choice (signed in, it is saved to the account).
 */
export function LanguageSwitch({ onChange }: { onChange?: (language: LanguageCode) => void } = {}) {
  const { t, i18n } = useTranslation();
  const current = isLanguageCode(i18n.resolvedLanguage) ? i18n.resolvedLanguage : FALLBACK_LANGUAGE;

  return (
    <Select<LanguageCode>
      aria-label={t('language.label')}
      data={options}
      value={current}
      onChange={(language) => {
        if (!language) return;
        void i18n.changeLanguage(language);
        onChange?.(language);
      }}
      allowDeselect={false}
      leftSection={<IconLanguage size={16} aria-hidden />}
      w={200}
      data-testid="language-switch"
    />
  );
}
