import { Alert, Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { FeedbackPreview, FeedbackTexter } from '../../../../common/api/feedback.js';
import { useErrorMessage } from '../../ui/errors.js';
import { useNotify } from '../../ui/notify.js';
import { ComposeForm, type ComposeValues, composeBody, defaultComposeValues } from './compose-form.js';
import { EmailPreview } from './email-preview.js';
import { PreviewTable } from './preview-table.js';
import { usePreviewFeedback, useSendFeedback } from './queries.js';
import { TexterEmailModal } from './texter-email-modal.js';

/** Choose a template and a period, preview each texter's e-mail, send them in bulk (with a confirmation). */
export function ComposeTab() {
  const { t } = useTranslation();
  const notify = useNotify();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  // The texter page links here with ?texter=&from=&to= to compose one texter's feedback.
  const onlyTexter = Number(params.get('texter')) || null;
  const [values, setValues] = useState<ComposeValues>(() => ({
    ...defaultComposeValues(),
    ...(params.get('from') ? { from: params.get('from') ?? '' } : {}),
    ...(params.get('to') ? { to: params.get('to') ?? '' } : {}),
  }));
  const [preview, setPreview] = useState<FeedbackPreview | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [shown, setShown] = useState<number | null>(null);
  const [confirming, confirm] = useDisclosure(false);
  const [editing, setEditing] = useState<FeedbackTexter | null>(null);
  const previewing = usePreviewFeedback();
  const sending = useSendFeedback();

  const runPreview = () =>
    previewing.mutate(
      { ...composeBody(values), ...(onlyTexter ? { texter_ids: [onlyTexter] } : {}) },
      {
        onSuccess: (result) => {
          setPreview(result);
          setSelected(new Set(result.items.filter((i) => i.skip === null).map((i) => i.texter.id)));
          setShown(result.items.find((i) => i.email)?.texter.id ?? null);
        },
      },
    );
  const toggle = (id: number, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const send = () =>
    sending.mutate(
      { ...composeBody(values), texter_ids: [...selected] },
      {
        onSuccess: (result) => {
          confirm.close();
          notify.success(
            t('feedback.send.done', { sent: result.sent.length, skipped: result.skipped.length }),
          );
          runPreview();
        },
        onError: (error) => {
          confirm.close();
          notify.error(error);
        },
      },
    );
  const shownItem = preview?.items.find((i) => i.texter.id === shown);

  return (
    <Stack gap="md">
      {onlyTexter && (
        <Alert color="blue" data-testid="feedback-one-texter">
          {t('feedback.compose.oneTexter')}{' '}
          <Anchor component={Link} to="/settings/audit/feedback">
            {t('feedback.compose.allTexters')}
          </Anchor>
        </Alert>
      )}
      <ComposeForm
        values={values}
        onChange={setValues}
        onPreview={runPreview}
        previewing={previewing.isPending}
      />
      {previewing.error && (
        <Alert color="red" role="alert">
          {errorMessage(previewing.error)}
        </Alert>
      )}
      {preview && (
        <>
          <PreviewTable
            items={preview.items}
            selected={selected}
            onToggle={toggle}
            shown={shown}
            onShow={setShown}
            onEditEmail={setEditing}
          />
          <Group>
            <Button
              leftSection={<IconSend size={16} aria-hidden />}
              disabled={selected.size === 0}
              onClick={confirm.open}
              data-testid="feedback-send"
            >
              {t('feedback.send.button', { count: selected.size })}
            </Button>
          </Group>
          {shownItem?.email && <EmailPreview {...shownItem.email} />}
        </>
      )}
      <TexterEmailModal
        key={editing?.id ?? 0}
        texter={editing}
        onClose={() => setEditing(null)}
        onSaved={runPreview}
      />
      <Modal opened={confirming} onClose={confirm.close} title={t('feedback.send.confirmTitle')}>
        <Stack>
          <Text>
            {t('feedback.send.confirmText', { count: selected.size, from: values.from, to: values.to })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              {t('common.cancel')}
            </Button>
            <Button loading={sending.isPending} onClick={send} data-testid="feedback-send-confirm">
              {t('feedback.send.confirm', { count: selected.size })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
