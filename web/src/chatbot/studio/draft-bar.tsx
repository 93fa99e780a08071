import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconMessageChatbot, IconRocket, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useErrorMessage } from '../../ui/errors.js';
import { useFormatDateTime } from '../../ui/format.js';
import { useNotify } from '../../ui/notify.js';
import { IssueList, issuesOf } from '../issue-list.js';
import { type SaveStatus, useDraft, usePublishDraft } from './draft-context.js';

/**
 * Above the bot's editors: whether the draft is saved (who, when), how many problems it has,
 * and what to do with it — try it in the simulator, publish it as the next revision, discard it.
 */
export function DraftBar() {
  const { t } = useTranslation();
  const draft = useDraft();
  const actions = usePublishDraft();
  const notify = useNotify();
  const errorMessage = useErrorMessage();
  const [confirming, confirm] = useDisclosure(false);
  const view = draft.view;
  if (!view) return null;
  const errors = draft.validation && !draft.validation.ok ? draft.validation.errors.length : 0;
  const unpublished = view.stored || draft.status !== 'clean';
  const refused = issuesOf(actions.error);

  const publish = async () => {
    const outcome = await actions.publish();
    if ('revision' in outcome) {
      notify.success(t('chatbots.studio.draft.published', { number: outcome.revision.number }));
    } else if (outcome.error && !issuesOf(outcome.error) && !isApiError(outcome.error, 409)) {
      notify.error(outcome.error, t('chatbots.studio.draft.publishFailed'));
    }
  };
  const discard = async () => {
    if (await actions.discard()) {
      confirm.close();
      notify.success(t('chatbots.studio.draft.discarded'));
    }
  };

  return (
    <Paper withBorder p="sm" radius="md" data-testid="draft-bar">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" miw={0} style={{ flex: 1 }}>
            <Badge variant="light" color={unpublished ? 'orange' : 'gray'} data-testid="draft-state">
              {unpublished ? t('chatbots.studio.draft.unpublished') : t('chatbots.studio.draft.none')}
            </Badge>
            <SaveState status={draft.status} />
            {errors > 0 ? (
              <Badge color="red" variant="light" data-testid="draft-problems">
                {t('chatbots.studio.draft.problems', { count: errors })}
              </Badge>
            ) : (
              unpublished && (
                <Text size="sm" c="green" style={{ whiteSpace: 'nowrap' }} data-testid="draft-ready">
                  <IconCheck size={14} aria-hidden /> {t('chatbots.studio.draft.ready')}
                </Text>
              )
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              size="xs"
              component={Link}
              to={`/chatbots/${draft.botId}/simulator?draft=1`}
              leftSection={<IconMessageChatbot size={14} aria-hidden />}
              data-testid="draft-try"
            >
              {t('chatbots.studio.draft.try')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              size="xs"
              disabled={!view.stored || actions.pending}
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={confirm.open}
              data-testid="draft-discard"
            >
              {t('chatbots.studio.draft.discard')}
            </Button>
            <Button
              size="xs"
              disabled={!unpublished || errors > 0 || draft.status === 'conflict'}
              loading={actions.pending}
              leftSection={<IconRocket size={14} aria-hidden />}
              onClick={() => void publish()}
              data-testid="draft-publish"
            >
              {t('chatbots.studio.draft.publish')}
            </Button>
          </Group>
        </Group>
        <DraftNotices />
        {refused && (
          <IssueList title={errorMessage(actions.error)} issues={refused} testId="publish-refused" />
        )}
        {isApiError(actions.error, 409) && (
          <Alert color="orange" icon={<IconAlertTriangle />} data-testid="publish-conflict">
            {errorMessage(actions.error)}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={t('chatbots.studio.draft.discardTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          <Text size="sm">
            {t('chatbots.studio.draft.discardBody', { number: view.current_revision ?? 0 })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={actions.pending}
              onClick={() => void discard()}
              data-testid="draft-discard-confirm"
            >
              {t('chatbots.studio.draft.discard')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** Saved, saving, or why not; read out when it changes. */
function SaveState({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  const draft = useDraft();
  const formatDateTime = useFormatDateTime();
  const view = draft.view;
  let text: string;
  if (status === 'clean') {
    text = view?.stored
      ? t('chatbots.studio.draft.savedBy', {
          at: formatDateTime(view.updated_at),
          name: view.updated_by ?? t('chatbots.history.system'),
        })
      : t('chatbots.studio.draft.sameAs', { number: view?.current_revision ?? 0 });
  } else text = t(`chatbots.studio.draft.status.${status}`);
  return (
    <Text
      size="sm"
      c={status === 'error' || status === 'conflict' ? 'red' : 'dimmed'}
      role="status"
      data-testid="draft-status"
    >
      {text}
    </Text>
  );
}

/** A save refused, someone else's newer draft, or a revision published since the draft began. */
function DraftNotices() {
  const { t } = useTranslation();
  const draft = useDraft();
  const errorMessage = useErrorMessage();
  const view = draft.view;
  const overtaken =
    view?.stored &&
    view.base_revision !== null &&
    view.current_revision !== null &&
    view.base_revision !== view.current_revision;
  return (
    <>
      {draft.status === 'conflict' && (
        <Alert color="red" icon={<IconAlertTriangle />} data-testid="draft-conflict">
          <Group justify="space-between">
            <Text size="sm">{errorMessage(draft.saveError)}</Text>
            <Button size="xs" variant="default" onClick={draft.reload}>
              {t('chatbots.studio.draft.reload')}
            </Button>
          </Group>
        </Alert>
      )}
      {draft.status === 'error' && (
        <Alert color="red" icon={<IconAlertTriangle />}>
          <Group justify="space-between">
            <Text size="sm">{errorMessage(draft.saveError)}</Text>
            <Button size="xs" variant="default" onClick={() => void draft.flush()}>
              {t('chatbots.studio.draft.retry')}
            </Button>
          </Group>
        </Alert>
      )}
      {overtaken && (
        <Alert color="yellow" icon={<IconAlertTriangle />} data-testid="draft-overtaken">
          {t('chatbots.studio.draft.overtaken', { base: view.base_revision, current: view.current_revision })}
        </Alert>
      )}
    </>
  );
}
