import { Anchor, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailKindView } from '../../../common/api/email.js';
import { LANGUAGES, type LanguageCode } from '../../../common/languages.js';

interface KindsOverviewProps {
  kinds: EmailKindView[];
  onOpen: (kind: string, locale: LanguageCode) => void;
}

/** Kinds × languages: whether each uses the default or saved templates; a cell opens it in the editor. */
export function KindsOverview({ kinds, onOpen }: KindsOverviewProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table data-testid="kinds-overview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('email.templates.kind')}</Table.Th>
            {LANGUAGES.map((item) => (
              <Table.Th key={item.code}>{item.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {kinds.map((kind) => (
            <Table.Tr key={kind.key}>
              <Table.Td>{kind.label[language] ?? kind.key}</Table.Td>
              {kind.locales.map(({ locale, templates }) => (
                <Table.Td key={locale}>
                  <Anchor component="button" type="button" onClick={() => onOpen(kind.key, locale)}>
                    {templates.length === 0
                      ? t('email.templates.usesDefault')
                      : t('email.templates.saved', { count: templates.length })}
                  </Anchor>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
