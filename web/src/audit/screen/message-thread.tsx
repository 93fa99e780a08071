import { Group, Mark, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../common/api/audit.js';
import classes from './audit-screen.module.css';
import { useFormatShortDateTime } from './format.js';
import { splitStopWords } from './stop-words.js';

type Message = ConversationView['messages'][number];

interface MessageThreadProps {
  conversation: ConversationView;
}

/**
 * The conversation as a chat: the contact on the left, the texter on the right. Contact messages with
 * a stop word are highlighted (only the contact's: texters' scripts say "reply STOP" all the time).
 * All text is rendered as React text nodes, never as markup.
 */
export function MessageThread({ conversation }: MessageThreadProps) {
  const { t } = useTranslation();
  const { contact, texter } = conversation.conversation;
  const contactName = `${contact.first_name} ${contact.last_name}`.trim() || t('audit.conversation.contact');
  const texterName = (message: Message) =>
    message.texter?.name || texter?.name || t('audit.conversation.texter');

  if (conversation.messages.length === 0) {
    return (
      <Text c="dimmed" data-testid="thread-empty">
        {t('audit.conversation.noMessages')}
      </Text>
    );
  }

  return (
    <ol className={classes.thread} aria-label={t('audit.conversation.messages')} data-testid="thread">
      {conversation.messages.map((message) => (
        <MessageItem
          key={message.id}
          message={message}
          sender={message.from_contact ? contactName : texterName(message)}
        />
      ))}
    </ol>
  );
}

function MessageItem({ message, sender }: { message: Message; sender: string }) {
  const { t } = useTranslation();
  const formatShort = useFormatShortDateTime();
  const segments = message.from_contact ? splitStopWords(message.text) : [];
  const stop = segments.some((segment) => segment.stop);
  const bubbleClass = [
    classes.bubble,
    message.from_contact ? classes.fromContact : classes.fromTexter,
    stop ? classes.stop : '',
  ].join(' ');

  return (
    <li
      className={message.from_contact ? classes.rowContact : classes.rowTexter}
      data-testid="message"
      data-from={message.from_contact ? 'contact' : 'texter'}
      data-stop={stop ? 'true' : undefined}
    >
      <div className={bubbleClass}>
        <Group gap="xs" justify="space-between" wrap="nowrap" mb={2}>
          <Text size="xs" fw={600} truncate="end">
            {sender}
          </Text>
          <Text size="xs" c="dimmed" component="time" dateTime={message.sent_at} style={{ flexShrink: 0 }}>
            {formatShort(message.sent_at)}
          </Text>
        </Group>
        <Text size="sm" className={classes.messageText}>
          {message.from_contact
            ? segments.map((segment) =>
                segment.stop ? (
                  <Mark key={segment.start} color="orange" fw={700}>
                    {segment.text}
                  </Mark>
                ) : (
                  <span key={segment.start}>{segment.text}</span>
                ),
              )
            : message.text}
        </Text>
        {stop && (
          <Group gap={4} mt={4} c="orange" wrap="nowrap">
            <IconAlertTriangle size={14} aria-hidden />
            <Text size="xs" fw={600} data-testid="stop-warning">
              {t('audit.conversation.stopWord')}
            </Text>
          </Group>
        )}
      </div>
    </li>
  );
}
