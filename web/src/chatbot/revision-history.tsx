import { Badge, Button, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconArrowBackUp, IconGitCompare } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotDetail } from '../../../common/api/chatbot.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { useRevert } from './queries.js';
import { RevisionCompare } from './studio/revision-diff.js';

/** What the comparison shows first: the current revision against the one before it, or the draft. */
function firstComparison(bot: BotDetail): [string | null, string | null] {
  const current = bot.current_revision;
  if (current === null) return [null, null];
  return current > 1 ? [String(current - 1), String(current)] : [String(current), 'draft'];
}

/**
 * Every revision, newest first; what changed in each (or between any two, or up to the draft);
 * reverting copies an old one into a new current revision.
 */
export function RevisionHistory({ bot }: { bot: BotDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const revert = useRevert(bot.id);
  const notify = useNotify();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [compared, setCompared] = useState<[string | null, string | null]>(() => firstComparison(bot));

  const confirm = () => {
    if (confirming === null) return;
    revert.mutate(confirming, {
      onSuccess: (revision) => {
        notify.success(t('chatbots.history.reverted', { number: revision.number, from: confirming }));
        setConfirming(null);
      },
      onError: (error) => notify.error(error, t('chatbots.history.revertFailed')),
    });
  };

  return (
    <>
      <Table striped verticalSpacing="xs" data-testid="revision-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('chatbots.history.number')}</Table.Th>
            <Table.Th>{t('chatbots.history.source')}</Table.Th>
            <Table.Th>{t('chatbots.history.createdAt')}</Table.Th>
            <Table.Th>{t('chatbots.history.createdBy')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('chatbots.history.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bot.revisions.map((revision) => (
            <Table.Tr key={revision.number} data-testid="revision-row">
              <Table.Td>
                <Group gap="xs">
                  {revision.number}
                  {revision.number === bot.current_revision && (
                    <Badge size="sm" color="green" variant="light">
                      {t('chatbots.history.current')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {t(`chatbots.source.${revision.source}`)}
                {revision.reverted_from !== null && (
                  <Text span c="dimmed" size="sm">
                    {` ${t('chatbots.history.from', { number: revision.reverted_from })}`}
                  </Text>
                )}
                {revision.warnings > 0 && (
                  <Badge ml="xs" size="sm" color="yellow" variant="light">
                    {t('chatbots.history.warnings', { count: revision.warnings })}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(revision.created_at)}</Table.Td>
              <Table.Td>{revision.created_by ?? t('chatbots.history.system')}</Table.Td>
              <Table.Td ta="right">
                {revision.number > 1 && (
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconGitCompare size={14} aria-hidden />}
                    onClick={() => setCompared([String(revision.number - 1), String(revision.number)])}
                    aria-label={t('chatbots.studio.diff.changesOf', { number: revision.number })}
                    data-testid="revision-changes"
                  >
                    {t('chatbots.studio.diff.changes')}
                  </Button>
                )}
                {revision.number !== bot.current_revision && (
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconArrowBackUp size={14} aria-hidden />}
                    onClick={() => setConfirming(revision.number)}
                    data-testid="revert-revision"
                  >
                    {t('chatbots.history.revert')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <RevisionCompare
        bot={bot}
        from={compared[0]}
        to={compared[1]}
        onPick={(from, to) => setCompared([from, to])}
      />
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('chatbots.history.revertTitle', { number: confirming ?? 0 })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          <Text size="sm">{t('chatbots.history.revertBody', { number: confirming ?? 0 })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </Button>
            <Button loading={revert.isPending} onClick={confirm} data-testid="revert-confirm">
              {t('chatbots.history.revert')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
