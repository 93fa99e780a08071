import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageCode } from '../../../common/languages.js';
import { QueryPending } from '../ui/query-pending.js';
import { KindsOverview } from './kinds-overview.js';
import { useEmailKinds, useKindTemplates } from './queries.js';
import { TemplateEditor } from './template-editor.js';

function KindTemplatesEditor({ kind, locale }: { kind: string; locale: LanguageCode }) {
  const query = useKindTemplates(kind, locale);
  if (!query.data) return <QueryPending query={query} />;
  // A new key per kind and language: the editor starts from what is saved there.
  return <TemplateEditor key={`${kind}/${locale}`} data={query.data} />;
}

/** Every kind of e-mail in each language: its saved template(s) or the default, edited and previewed. */
export function TemplatesTab() {
  const { t, i18n } = useTranslation();
  const kinds = useEmailKinds();
  const [kind, setKind] = useState<string | null>(null);
  const [locale, setLocale] = useState<LanguageCode>('en');
  if (!kinds.data) return <QueryPending query={kinds} />;
  const language = i18n.resolvedLanguage ?? 'en';
  const options = kinds.data.kinds.map((item) => ({
    value: item.key,
    label: item.label[language] ?? item.label.en ?? item.key,
  }));
  const chosen = kind ?? options[0]?.value ?? null;
  return (
    <Stack gap="md" data-testid="templates-tab">
      <Text c="dimmed" maw={760}>
        {t('email.templates.intro', { output: '{{ user.name }}', tags: '{% if %} {% for %}' })}
      </Text>
      <KindsOverview
        kinds={kinds.data.kinds}
        onOpen={(key, language) => {
          setKind(key);
          setLocale(language);
        }}
      />
      <Group align="end">
        <Select
          label={t('email.templates.kind')}
          data={options}
          value={chosen}
          onChange={(value) => value && setKind(value)}
          allowDeselect={false}
          w={360}
          data-testid="template-kind"
        />
        <SegmentedControl
          aria-label={t('language.label')}
          value={locale}
          onChange={(value) => setLocale(value as LanguageCode)}
          data={LANGUAGES.map((item) => ({ value: item.code, label: item.label }))}
        />
      </Group>
      {chosen && <KindTemplatesEditor kind={chosen} locale={locale} />}
    </Stack>
  );
}
