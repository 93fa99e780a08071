import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ItemDetail } from '../../../common/api/moderation.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useFormatDateTime } from '../ui/format.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useItemActions } from './item-actions.js';
import { useItem } from './queries.js';
import { MODERATION_PATH } from './queue-page.js';
import { StatusBadge } from './status.js';

/** `/moderation/items/:id`: the message in its conversation, every flag, the history, the decision. */
export function ItemPage() {
  const { t } = useTranslation();
  const id = Number(useParams().itemId);
  const item = useItem(id);
  return (
    <Stack gap="lg" data-testid="moderation-item">
      <PageTitle>{t('moderation.item.title', { id })}</PageTitle>
      <Anchor component={Link} to={MODERATION_PATH}>
        {t('moderation.item.back')}
      </Anchor>
      {item.data ? <ItemView detail={item.data} /> : <QueryPending query={item} />}
    </Stack>
  );
}

function ItemView({ detail }: { detail: ItemDetail }) {
  return (
    <Grid gap="md" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="md">
          <Thread detail={detail} />
          <Flags detail={detail} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="md">
          <Decision detail={detail} />
          <History detail={detail} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function Thread({ detail }: { detail: ItemDetail }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="item-thread">
      <Title order={2} size="h4" id="item-thread" mb="sm">
        {t('moderation.item.conversation', { campaign: detail.item.campaign.title })}
      </Title>
      <Stack
        gap="xs"
        component="ol"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="item-thread"
      >
        {detail.conversation.messages.map((message) => {
          const flagged = message.id === detail.item.message.id;
          return (
            <Paper
              key={message.id}
              component="li"
              p="xs"
              withBorder={flagged}
              bg={flagged ? 'var(--mantine-color-red-light)' : 'var(--mantine-color-default-hover)'}
              ml={message.from_contact ? 0 : 'xl'}
              mr={message.from_contact ? 'xl' : 0}
              data-testid={flagged ? 'flagged-message' : 'message'}
            >
              <Group justify="space-between" gap="xs">
                <Text size="xs" fw={600}>
                  {message.from_contact
                    ? detail.conversation.contact_first_name || t('moderation.fromContact')
                    : (detail.item.texter?.name ?? t('moderation.texter'))}
                </Text>
                <Text size="xs" c="dimmed">
                  {format(message.sent_at)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {message.text}
              </Text>
            </Paper>
          );
        })}
      </Stack>
    </Paper>
  );
}

function Flags({ detail }: { detail: ItemDetail }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="item-flags">
      <Title order={2} size="h4" id="item-flags" mb="sm">
        {t('moderation.item.flags')}
      </Title>
      <Table data-testid="item-flags">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('moderation.columns.type')}</Table.Th>
            <Table.Th>{t('moderation.columns.flagger')}</Table.Th>
            <Table.Th>{t('moderation.columns.note')}</Table.Th>
            <Table.Th>{t('moderation.columns.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.flags.map((flag) => (
            <Table.Tr key={flag.id} data-testid="flag-row">
              <Table.Td>{flag.type.name}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  {flag.flagger.kind === 'rule'
                    ? t('moderation.rule', { name: flag.flagger.name })
                    : flag.flagger.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {format(flag.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>{flag.note ?? ''}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={flag.resolution ? 'gray' : 'yellow'}>
                  {t(`moderation.status.${flag.resolution ?? 'pending'}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function Decision({ detail }: { detail: ItemDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const actions = useItemActions();
  const [note, setNote] = useState('');
  const { item } = detail;
  const claimedByMe = item.claimed_by?.id === me.user.id;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="item-decision">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="item-decision">
          {t('moderation.item.decision')}
        </Title>
        <StatusBadge item={item} />
      </Group>
      {item.resolution_note && (
        <Text size="sm" mb="sm">
          {item.resolution_note}
        </Text>
      )}
      <Stack gap="sm">
        <Textarea
          label={t('moderation.item.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
          data-testid="decision-note"
        />
        {item.status === 'pending' ? (
          <Group gap="xs">
            <Button
              onClick={() => actions.resolve(item, 'agree', note)}
              loading={actions.pending}
              data-testid="agree"
            >
              {t('moderation.actions.agree')}
            </Button>
            <Button
              variant="default"
              onClick={() => actions.resolve(item, 'disagree', note)}
              data-testid="disagree"
            >
              {t('moderation.actions.disagree')}
            </Button>
            <Button
              variant="default"
              onClick={() => actions.resolve(item, 'defer', note)}
              data-testid="defer"
            >
              {t('moderation.actions.defer')}
            </Button>
            <Button
              variant="subtle"
              onClick={() => (claimedByMe ? actions.unclaim(item) : actions.claim(item))}
              data-testid="claim"
            >
              {t(claimedByMe ? 'moderation.actions.unclaim' : 'moderation.actions.claim')}
            </Button>
          </Group>
        ) : (
          <Button variant="default" onClick={() => actions.reopen(item, note)} data-testid="reopen">
            {t('moderation.actions.reopen')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function History({ detail }: { detail: ItemDetail }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="item-history">
      <Title order={2} size="h4" id="item-history" mb="sm">
        {t('moderation.item.history')}
      </Title>
      <Stack
        gap={6}
        component="ol"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="item-history"
      >
        {detail.history.map((entry) => (
          <Text
            key={entry.id}
            size="sm"
            component="li"
            data-testid="history-entry"
            data-action={entry.action}
          >
            <Text span c="dimmed" size="xs">
              {format(entry.at)}
            </Text>{' '}
            {t(`moderation.history.${entry.action}`, { name: entry.by?.name ?? t('moderation.system') })}
            {entry.note ? ` — ${entry.note}` : ''}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
