import { Button, Modal, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { useFlagTypes, useRaiseFlag } from './queries.js';

interface FlaggableMessage {
  id: number;
  text: string;
  from_contact: boolean;
}

interface FlagMessageProps {
  conversationId: number;
  messages: readonly FlaggableMessage[];
  /** Whether the `f` key may open the dialog (off while another dialog is open). */
  keyEnabled?: boolean;
}

const TEXT_ENTRY = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
const POPUP = '[role="dialog"], [role="menu"], [role="listbox"]';

/**
 * Flags a message of the open conversation: the `f` key (or the button) opens a dialog with the
 * message (the last texter message by default) and the type; the flag is in the queue at once.
 */
export function FlagMessage({ conversationId, messages, keyEnabled = true }: FlagMessageProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const enabled = useRef(keyEnabled);
  useLayoutEffect(() => {
    enabled.current = keyEnabled;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !enabled.current)
        return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TEXT_ENTRY) || target?.closest(POPUP)) return;
      if (event.key.toLowerCase() !== 'f') return;
      event.preventDefault();
      setOpened(true);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  if (messages.length === 0) return null;
  return (
    <>
      <Button variant="subtle" color="red" size="xs" onClick={() => setOpened(true)} data-testid="flag-open">
        {t('moderation.flag.open')}
      </Button>
      {opened && (
        <FlagDialog conversationId={conversationId} messages={messages} onClose={() => setOpened(false)} />
      )}
    </>
  );
}

function FlagDialog({
  conversationId,
  messages,
  onClose,
}: {
  conversationId: number;
  messages: readonly FlaggableMessage[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const types = (useFlagTypes().data?.types ?? []).filter((type) => type.enabled);
  const raise = useRaiseFlag();
  const notify = useNotify();
  const lastTexter = [...messages].reverse().find((m) => !m.from_contact) ?? messages.at(-1);
  const [messageId, setMessageId] = useState(String(lastTexter?.id ?? ''));
  const [type, setType] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const submit = () => {
    if (!type) return;
    raise.mutate(
      {
        message_id: Number(messageId),
        conversation_id: conversationId,
        type: Number(type),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      {
        onSuccess: () => {
          notify.success(t('moderation.flag.sent'));
          onClose();
        },
        onError: (error) =>
          notify.error(error, isApiError(error, 409) ? t('moderation.flag.already') : undefined),
      },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('moderation.flag.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="flag-dialog"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Radio.Group label={t('moderation.flag.message')} value={messageId} onChange={setMessageId}>
            <Stack gap={4} mt={4}>
              {messages.map((m) => (
                <Radio
                  key={m.id}
                  value={String(m.id)}
                  label={
                    <Text size="sm" lineClamp={2}>
                      {m.text}
                    </Text>
                  }
                  data-testid="flag-message-choice"
                />
              ))}
            </Stack>
          </Radio.Group>
          <Select
            label={t('moderation.flag.type')}
            data={types.map((x) => ({ value: String(x.id), label: x.name }))}
            value={type}
            onChange={setType}
            data-autofocus
            required
            data-testid="flag-type"
          />
          <Textarea
            label={t('moderation.flag.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={2000}
            data-testid="flag-note"
          />
          <Button type="submit" disabled={!type} loading={raise.isPending} data-testid="flag-submit">
            {t('moderation.flag.submit')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
