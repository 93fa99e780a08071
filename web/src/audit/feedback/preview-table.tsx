import { ActionIcon, Badge, Button, Checkbox, Group, Table, Text } from '@mantine/core';
import { IconEye, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FeedbackPreviewItem, FeedbackTexter } from '../../../../common/api/feedback.js';

interface PreviewTableProps {
  items: readonly FeedbackPreviewItem[];
  selected: ReadonlySet<number>;
  onToggle: (texterId: number, on: boolean) => void;
  shown: number | null;
  onShow: (texterId: number) => void;
  onEditEmail: (texter: FeedbackTexter) => void;
}

function StatusBadge({ item }: { item: FeedbackPreviewItem }) {
  const { t } = useTranslation();
  if (item.skip === null)
    return (
      <Badge color="green" variant="light">
        {t('feedback.status.ready')}
      </Badge>
    );
  return (
    <Badge color="gray" variant="light">
      {t(`feedback.skip.${item.skip}`)}
    </Badge>
  );
}

/** The texters of a preview: who gets an e-mail (tick to include), who does not and why. */
export function PreviewTable({ items, selected, onToggle, shown, onShow, onEditEmail }: PreviewTableProps) {
  const { t } = useTranslation();
  if (items.length === 0)
    return (
      <Text c="dimmed" data-testid="feedback-preview-empty">
        {t('feedback.preview.empty')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="xs" data-testid="feedback-preview-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('feedback.columns.send')}</Table.Th>
            <Table.Th>{t('feedback.columns.texter')}</Table.Th>
            <Table.Th>{t('feedback.columns.email')}</Table.Th>
            <Table.Th>{t('feedback.columns.audits')}</Table.Th>
            <Table.Th>{t('feedback.columns.status')}</Table.Th>
            <Table.Th>{t('feedback.columns.preview')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.texter.id} data-testid="feedback-preview-row" data-texter-id={item.texter.id}>
              <Table.Td>
                <Checkbox
                  aria-label={t('feedback.preview.include', { name: item.texter.name })}
                  checked={selected.has(item.texter.id)}
                  disabled={item.skip !== null}
                  onChange={(event) => onToggle(item.texter.id, event.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>{item.texter.name}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <span>{item.texter.email ?? '—'}</span>
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    aria-label={t('feedback.email.edit', { name: item.texter.name })}
                    onClick={() => onEditEmail(item.texter)}
                    data-testid="feedback-edit-email"
                  >
                    <IconPencil size={14} aria-hidden />
                  </ActionIcon>
                </Group>
              </Table.Td>
              <Table.Td>
                {t('feedback.preview.counts', { audited: item.counts.audited, passed: item.counts.passed })}
              </Table.Td>
              <Table.Td>
                <StatusBadge item={item} />
              </Table.Td>
              <Table.Td>
                {item.email && (
                  <Button
                    size="xs"
                    variant={shown === item.texter.id ? 'light' : 'subtle'}
                    leftSection={<IconEye size={14} aria-hidden />}
                    onClick={() => onShow(item.texter.id)}
                    aria-pressed={shown === item.texter.id}
                    data-testid="feedback-show-preview"
                  >
                    {t('feedback.preview.show')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
