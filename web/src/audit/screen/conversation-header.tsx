import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconChevronLeft,
  IconChevronRight,
  IconKeyboard,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BatchItem, ConversationView } from '../../../../common/api/audit.js';
import { KeyHint } from './key-hint.js';

interface ConversationHeaderProps {
  item: BatchItem;
  /** Absent while the conversation loads; the batch item already names campaign and texter. */
  conversation: ConversationView | undefined;
  position: number;
  total: number;
  /** The contact wrote a stop word. */
  stopAsked: boolean;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  onHelp: () => void;
}

/** Who the conversation is with, its opt-out state, and the moves through the batch. */
export function ConversationHeader(props: ConversationHeaderProps) {
  const { item, conversation, position, total, stopAsked, onPrevious, onNext, onHelp } = props;
  const { t } = useTranslation();
  const contact = conversation?.conversation.contact;
  const texter = conversation?.conversation.texter ?? item.texter;
  const contactName = contact ? `${contact.first_name} ${contact.last_name}`.trim() : '';
  const contactDetails = contact ? [contact.cell, contact.zip].filter(Boolean).join(' · ') : '';

  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="wrap" gap="xs" mb={4}>
        <Text size="xs" c="dimmed" data-testid="conversation-position">
          {t('audit.conversation.position', { position, total })}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconChevronLeft size={14} aria-hidden />}
            rightSection={<KeyHint>k</KeyHint>}
            aria-keyshortcuts="k"
            disabled={!onPrevious}
            onClick={onPrevious ?? undefined}
            data-testid="previous-conversation"
          >
            {t('audit.conversation.previous')}
          </Button>
          <Button
            size="xs"
            variant="default"
            rightSection={
              <Group gap={4} wrap="nowrap">
                <IconChevronRight size={14} aria-hidden />
                <KeyHint>j</KeyHint>
              </Group>
            }
            aria-keyshortcuts="j"
            disabled={!onNext}
            onClick={onNext ?? undefined}
            data-testid="next-conversation"
          >
            {t('audit.conversation.next')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconKeyboard size={14} aria-hidden />}
            rightSection={<KeyHint>?</KeyHint>}
            aria-keyshortcuts="?"
            onClick={onHelp}
            data-testid="shortcut-help-open"
          >
            {t('audit.shortcuts.open')}
          </Button>
        </Group>
      </Group>
      <Stack gap={2}>
        <Title order={2} size="h4" data-testid="conversation-campaign">
          {item.campaign.title}
        </Title>
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {t('audit.conversation.contact')}:{' '}
          </Text>
          {contactName || t('audit.conversation.unnamedContact')}
          {contactDetails && (
            <Text span c="dimmed" size="sm">
              {' '}
              ({contactDetails})
            </Text>
          )}
        </Text>
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {t('audit.conversation.texter')}:{' '}
          </Text>
          {texter?.name || t('audit.batch.unknownTexter')}
          {texter?.email && (
            <Text span c="dimmed" size="sm">
              {' '}
              ({texter.email})
            </Text>
          )}
        </Text>
      </Stack>
      {conversation && (
        <Group gap="xs" mt="xs">
          {conversation.conversation.opted_out ? (
            <Badge
              color="red"
              leftSection={<IconBan size={12} aria-hidden />}
              data-testid="opt-out-state"
              data-opted-out="true"
            >
              {t('audit.conversation.optedOut')}
            </Badge>
          ) : (
            <Badge color="gray" variant="light" data-testid="opt-out-state" data-opted-out="false">
              {t('audit.conversation.notOptedOut')}
            </Badge>
          )}
          {stopAsked && (
            <Badge
              color="orange"
              variant="light"
              leftSection={<IconAlertTriangle size={12} aria-hidden />}
              data-testid="stop-asked"
            >
              {t('audit.conversation.stopAsked')}
            </Badge>
          )}
        </Group>
      )}
    </Paper>
  );
}
