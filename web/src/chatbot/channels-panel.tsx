import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconKey, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelKind } from '../../../common/api/channels.js';
import type { ChannelView } from '../../../common/api/chatbot.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { QueryPending } from '../ui/query-pending.js';
import { ChannelFormModal } from './channel-form.js';
import { useChannels, useDeleteChannel, useRotateSecret, useUpdateChannel } from './channel-queries.js';
import { CopyField } from './copy-field.js';
import { DeliverySettingsForm } from './delivery-settings-form.js';

type Editing = { kind: ChannelKind; channel: ChannelView | null } | null;

/** The Channels tab of a bot: its web chat and HTTP API channels, and how its messages are paced. */
export function ChannelsPanel({ botId }: { botId: number }) {
  const { t } = useTranslation();
  const channels = useChannels(botId);
  const notify = useNotify();
  const [editing, setEditing] = useState<Editing>(null);
  const [secret, setSecret] = useState<Secret | null>(null);

  if (!channels.data) return <QueryPending query={channels} />;
  const list = channels.data.channels;
  const has = (kind: ChannelKind) => list.some((channel) => channel.kind === kind);
  return (
    <Stack gap="xl">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('chatbots.channels.title')}
          </Title>
          <Group gap="sm">
            {(['web', 'api', 'telegram', 'whatsapp', 'twitter'] as const).map((kind) => (
              <Button
                key={kind}
                variant="default"
                leftSection={<IconPlus size={16} aria-hidden />}
                disabled={has(kind)}
                onClick={() => setEditing({ kind, channel: null })}
                data-testid={`add-${kind}-channel`}
              >
                {t(`chatbots.channels.addKind.${kind}`)}
              </Button>
            ))}
          </Group>
        </Group>
        {list.length === 0 && <Text c="dimmed">{t('chatbots.channels.none')}</Text>}
        {list.map((channel) => (
          <ChannelCard
            key={channel.id}
            botId={botId}
            channel={channel}
            onEdit={() => setEditing({ kind: channel.kind, channel })}
            onSecret={setSecret}
          />
        ))}
      </Stack>
      <DeliverySettingsForm botId={botId} delivery={channels.data.delivery} />
      <ChannelFormModal
        botId={botId}
        kind={editing?.kind ?? null}
        channel={editing?.channel ?? null}
        onClose={() => setEditing(null)}
        onCreated={({ channel, secret: created }) => {
          setEditing(null);
          // Telegram's secret token goes to Telegram with register-webhook: nobody needs to copy it.
          if (channel.kind === 'telegram')
            notify.success(t('chatbots.channels.telegramAdded', { id: channel.id }));
          else if (channel.kind === 'twitter')
            notify.success(t('chatbots.channels.twitterAdded', { id: channel.id }));
          else if (created === null)
            notify.success(
              t('chatbots.channels.added', { kind: t(`chatbots.channels.kind.${channel.kind}`) }),
            );
          else setSecret({ value: created, kind: channel.kind });
        }}
      />
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </Stack>
  );
}

function ChannelCard({
  botId,
  channel,
  onEdit,
  onSecret,
}: {
  botId: number;
  channel: ChannelView;
  onEdit: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const { t } = useTranslation();
  const notify = useNotify();
  const update = useUpdateChannel(botId);
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const kindName = t(`chatbots.channels.kind.${channel.kind}`);

  const toggle = (enabled: boolean) =>
    update.mutate(
      { id: channel.id, body: { enabled } },
      {
        onSuccess: () =>
          notify.success(
            t(enabled ? 'chatbots.channels.enabled' : 'chatbots.channels.disabled', { kind: kindName }),
          ),
        onError: (error) => notify.error(error, t('chatbots.channels.saveFailed')),
      },
    );

  return (
    <Paper withBorder p="md" radius="md" data-testid={`channel-${channel.kind}`}>
      <Stack gap="md">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h5">
              {kindName}
            </Title>
            <Badge color={channel.enabled ? 'green' : 'gray'} variant="light">
              {channel.enabled ? t('chatbots.channels.on') : t('chatbots.channels.off')}
            </Badge>
          </Group>
          <Switch
            label={t('chatbots.channels.enabledLabel')}
            checked={channel.enabled}
            disabled={update.isPending}
            onChange={(event) => toggle(event.currentTarget.checked)}
            data-testid="channel-enabled"
          />
        </Group>
        <ChannelDetails channel={channel} />
        <Group gap="sm">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={onEdit}
            data-testid="channel-edit"
          >
            {t('chatbots.channels.edit')}
          </Button>
          {(channel.kind === 'api' || channel.kind === 'whatsapp') && (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconKey size={14} aria-hidden />}
              onClick={() => setConfirming('rotate')}
              data-testid="channel-rotate"
            >
              {t('chatbots.channels.rotate')}
            </Button>
          )}
          <Button
            variant="subtle"
            color="red"
            size="xs"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={() => setConfirming('delete')}
            data-testid="channel-delete"
          >
            {t('chatbots.channels.delete')}
          </Button>
        </Group>
      </Stack>
      <ConfirmChannelAction
        botId={botId}
        channel={channel}
        action={confirming}
        onClose={() => setConfirming(null)}
        onSecret={onSecret}
      />
    </Paper>
  );
}

/** A Telegram channel: its webhook, how to register it, when its bot token was given. */
function TelegramDetails({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const settings = channel.settings;
  return (
    <Stack gap="sm">
      {channel.inbound_url && (
        <CopyField
          label={t('chatbots.channels.webhookUrl')}
          value={channel.inbound_url}
          testId="channel-webhook-url"
        />
      )}
      <Text size="sm" data-testid="channel-register-hint">
        {t('chatbots.channels.registerHint', { id: channel.id })}
      </Text>
      {'api_base_url' in settings && (
        <Text size="sm">{`${t('chatbots.channels.apiBaseUrl')}: ${settings.api_base_url ?? '—'}`}</Text>
      )}
      <Text size="sm" data-testid="channel-credentials-set-at">
        {channel.credentials_set_at
          ? t('chatbots.channels.credentialsSetAt', { at: formatDateTime(channel.credentials_set_at) })
          : '—'}
      </Text>
    </Stack>
  );
}

/** A Twitter/X channel: its webhook, how to register it, its account and environment. */
function TwitterDetails({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const settings = channel.settings;
  return (
    <Stack gap="sm">
      {channel.inbound_url && (
        <CopyField
          label={t('chatbots.channels.twitterWebhookUrl')}
          value={channel.inbound_url}
          testId="channel-webhook-url"
        />
      )}
      <Text size="sm" data-testid="channel-register-hint">
        {t('chatbots.channels.twitterHint', { id: channel.id })}
      </Text>
      {'account_id' in settings && (
        <Text size="sm" data-testid="channel-account-shown">
          {`${t('chatbots.channels.accountId')}: ${settings.account_id} · ${t('chatbots.channels.envName')}: ${settings.env_name}`}
        </Text>
      )}
      <Text size="sm" data-testid="channel-credentials-set-at">
        {channel.credentials_set_at
          ? t('chatbots.channels.credentialsSetAt', { at: formatDateTime(channel.credentials_set_at) })
          : '—'}
      </Text>
    </Stack>
  );
}

/** A WhatsApp channel: the callback URL for Meta, its number id, when its credentials were given. */
function WhatsAppDetails({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const settings = channel.settings;
  return (
    <Stack gap="sm">
      {channel.inbound_url && (
        <CopyField
          label={t('chatbots.channels.whatsappWebhookUrl')}
          value={channel.inbound_url}
          testId="channel-webhook-url"
        />
      )}
      <Text size="sm" data-testid="channel-register-hint">
        {t('chatbots.channels.whatsappHint')}
      </Text>
      {'phone_number_id' in settings && (
        <Text size="sm" data-testid="channel-phone-number-id-shown">
          {`${t('chatbots.channels.phoneNumberId')}: ${settings.phone_number_id}`}
        </Text>
      )}
      <Text size="sm" data-testid="channel-credentials-set-at">
        {channel.credentials_set_at
          ? t('chatbots.channels.credentialsSetAt', { at: formatDateTime(channel.credentials_set_at) })
          : '—'}
      </Text>
    </Stack>
  );
}

/** Settings and links of a channel, as text to read and copy. */
function ChannelDetails({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const settings = channel.settings;
  if (channel.kind === 'telegram') return <TelegramDetails channel={channel} />;
  if (channel.kind === 'whatsapp') return <WhatsAppDetails channel={channel} />;
  if (channel.kind === 'twitter') return <TwitterDetails channel={channel} />;
  if ('allowed_origins' in settings)
    return (
      <Stack gap="sm">
        {channel.embed_snippet && (
          <CopyField
            label={t('chatbots.channels.embed')}
            value={channel.embed_snippet}
            testId="channel-embed"
          />
        )}
        {channel.standalone_url && (
          <Text size="sm">
            {`${t('chatbots.channels.standalone')}: `}
            <Anchor href={channel.standalone_url} target="_blank" rel="noopener noreferrer">
              {channel.standalone_url}
            </Anchor>
          </Text>
        )}
        <Text size="sm" data-testid="channel-origins-shown">
          {`${t('chatbots.channels.allowedOrigins')}: ${
            settings.allowed_origins.length > 0
              ? settings.allowed_origins.join(', ')
              : t('chatbots.channels.noOrigins')
          }`}
        </Text>
        <Text size="sm">{`${t('chatbots.channels.exitUrl')}: ${settings.exit_url ?? '—'}`}</Text>
      </Stack>
    );
  return (
    <Stack gap="sm">
      {channel.inbound_url && (
        <CopyField
          label={t('chatbots.channels.inboundUrl')}
          value={channel.inbound_url}
          testId="channel-inbound-url"
        />
      )}
      <Text
        size="sm"
        data-testid="channel-callback-shown"
      >{`${t('chatbots.channels.callbackUrl')}: ${'callback_url' in settings ? settings.callback_url : ''}`}</Text>
      <Text size="sm" data-testid="channel-secret-set-at">
        {channel.secret_set_at
          ? t('chatbots.channels.secretSetAt', { at: formatDateTime(channel.secret_set_at) })
          : t('chatbots.channels.noSecret')}
      </Text>
      {channel.docs_url && (
        <Anchor href={channel.docs_url} target="_blank" rel="noopener noreferrer" size="sm">
          {t('chatbots.channels.docs')}
        </Anchor>
      )}
    </Stack>
  );
}

/** Rotating a secret and deleting a channel both ask first. */
function ConfirmChannelAction({
  botId,
  channel,
  action,
  onClose,
  onSecret,
}: {
  botId: number;
  channel: ChannelView;
  action: 'rotate' | 'delete' | null;
  onClose: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const { t } = useTranslation();
  const notify = useNotify();
  const rotate = useRotateSecret(botId);
  const remove = useDeleteChannel(botId);
  const kind = t(`chatbots.channels.kind.${channel.kind}`);

  const confirm = () => {
    if (action === 'rotate')
      rotate.mutate(channel.id, {
        onSuccess: (rotated) => {
          onClose();
          onSecret({ value: rotated.secret, kind: channel.kind });
        },
        onError: (error) => notify.error(error, t('chatbots.channels.rotateFailed')),
      });
    else if (action === 'delete')
      remove.mutate(channel.id, {
        onSuccess: () => {
          onClose();
          notify.success(t('chatbots.channels.deleted', { kind }));
        },
        onError: (error) => notify.error(error, t('chatbots.channels.deleteFailed')),
      });
  };

  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={
        action === 'rotate'
          ? t('chatbots.channels.rotateTitle')
          : t('chatbots.channels.deleteTitle', { kind })
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        <Text size="sm">
          {action === 'rotate'
            ? t(
                channel.kind === 'whatsapp'
                  ? 'chatbots.channels.rotateVerifyBody'
                  : 'chatbots.channels.rotateBody',
              )
            : t('chatbots.channels.deleteBody', { kind })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color={action === 'delete' ? 'red' : undefined}
            loading={rotate.isPending || remove.isPending}
            onClick={confirm}
            data-testid="channel-confirm"
          >
            {action === 'rotate' ? t('chatbots.channels.rotate') : t('chatbots.channels.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A secret of a new channel (or a rotated one) and the kind it is for. */
interface Secret {
  readonly value: string;
  readonly kind: ChannelKind;
}

/** A signing secret (WhatsApp: the verify token), this once: copy it now, it cannot be shown again. */
function SecretDialog({ secret, onClose }: { secret: Secret | null; onClose: () => void }) {
  const { t } = useTranslation();
  const verify = secret?.kind === 'whatsapp';
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={t(verify ? 'chatbots.channels.verifyTokenTitle' : 'chatbots.channels.secretTitle')}
      size="lg"
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md" data-testid="secret-dialog">
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          title={t('chatbots.channels.secretOnce')}
        >
          {t(verify ? 'chatbots.channels.verifyTokenHint' : 'chatbots.channels.secretHint')}
        </Alert>
        {secret !== null && (
          <CopyField
            label={t(verify ? 'chatbots.channels.verifyTokenTitle' : 'chatbots.channels.secret')}
            value={secret.value}
            testId="channel-secret"
          />
        )}
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="secret-done">
            {t('chatbots.channels.secretDone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
