import { Button, Group, Modal, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelKind } from '../../../common/api/channels.js';
import type { ChannelCreated, ChannelView } from '../../../common/api/chatbot.js';
import { CHANNEL_LIMITS } from '../../../common/limits.js';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { useCreateChannel, useUpdateChannel } from './channel-queries.js';
import {
  checkMessagingValues,
  credentialsOf,
  type FieldErrors,
  type FieldsProps,
  messagingFieldErrorOf,
  messagingSettingsOf,
  TelegramFields,
  TwitterFields,
  type Values,
  WhatsAppFields,
} from './messaging-channel-fields.js';

function initialValues(channel: ChannelView | null): Values {
  const settings = channel?.settings;
  return {
    origins: settings && 'allowed_origins' in settings ? settings.allowed_origins.join('\n') : '',
    exitUrl: settings && 'allowed_origins' in settings ? (settings.exit_url ?? '') : '',
    callbackUrl: settings && 'callback_url' in settings ? settings.callback_url : '',
    botToken: '',
    apiBaseUrl: settings && 'api_base_url' in settings ? (settings.api_base_url ?? '') : '',
    phoneNumberId: settings && 'phone_number_id' in settings ? settings.phone_number_id : '',
    accessToken: '',
    appSecret: '',
    listButton: settings && 'phone_number_id' in settings ? (settings.list_button ?? '') : '',
    accountId: settings && 'account_id' in settings ? settings.account_id : '',
    envName: settings && 'env_name' in settings ? settings.env_name : '',
    consumerKey: '',
    consumerSecret: '',
    twitterToken: '',
    twitterTokenSecret: '',
    enabled: channel?.enabled ?? true,
  };
}

function settingsOf(kind: ChannelKind, values: Values): unknown {
  if (kind === 'api') return { callback_url: values.callbackUrl.trim() };
  if (kind === 'telegram' || kind === 'whatsapp' || kind === 'twitter')
    return messagingSettingsOf(kind, values);
  const origins = values.origins
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const exit = values.exitUrl.trim();
  return { allowed_origins: origins, ...(exit === '' ? {} : { exit_url: exit }) };
}

/** What the browser can tell before asking the server (which checks everything again). */
function checkValues(t: TFunction, kind: ChannelKind, values: Values, creating: boolean): FieldErrors {
  if (kind === 'api' && values.callbackUrl.trim() === '') return { callbackUrl: t('validation.required') };
  if (kind === 'telegram' || kind === 'whatsapp' || kind === 'twitter')
    return checkMessagingValues(t, kind, values, creating);
  if (kind === 'web') {
    const count = values.origins.split('\n').filter((line) => line.trim() !== '').length;
    if (count > CHANNEL_LIMITS.allowedOriginsMax)
      return {
        origins: t('chatbots.channels.errors.tooManyOrigins', { max: CHANNEL_LIMITS.allowedOriginsMax }),
      };
  }
  return {};
}

/**
 * The server's problems with the settings (`invalid_channel_settings`: `[{path, message}]`), each
 * on its field and in the user's language: the path says which field, the text is ours.
 */
export function fieldErrorsOf(t: TFunction, error: unknown, kind: ChannelKind): FieldErrors | null {
  if (!isApiError(error) || error.code !== 'invalid_channel_settings' || !Array.isArray(error.details))
    return null;
  const found: FieldErrors = {};
  for (const problem of error.details as { path?: unknown }[]) {
    const path = typeof problem.path === 'string' ? problem.path : '';
    if (path.startsWith('settings.allowed_origins')) {
      const index = /\[(\d+)\]|\.(\d+)$/.exec(path);
      const line = index ? Number(index[1] ?? index[2]) + 1 : null;
      found.origins ??=
        line === null
          ? t('chatbots.channels.errors.origins')
          : t('chatbots.channels.errors.originLine', { line });
    } else if (path.startsWith('settings.exit_url')) found.exitUrl ??= t('chatbots.channels.errors.url');
    else if (path.startsWith('settings.callback_url'))
      found.callbackUrl ??= t('chatbots.channels.errors.url');
    else Object.assign(found, { ...messagingFieldErrorOf(t, path, kind), ...found });
  }
  return Object.keys(found).length > 0 ? found : null;
}

interface ChannelFormProps {
  botId: number;
  kind: ChannelKind;
  /** The channel being edited; null adds one. */
  channel: ChannelView | null;
  onClose: () => void;
  /** A new channel's secret (shown once by the caller). */
  onCreated: (created: ChannelCreated) => void;
}

/** Adds a channel of a kind, or edits one's settings: web chat (origins, exit) or HTTP API (callback). */
export function ChannelForm({ botId, kind, channel, onClose, onCreated }: ChannelFormProps) {
  const { t } = useTranslation();
  const notify = useNotify();
  const create = useCreateChannel(botId);
  const update = useUpdateChannel(botId);
  const [values, setValues] = useState(() => initialValues(channel));
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (field !== 'enabled') setErrors((current) => ({ ...current, [field]: undefined }));
  };
  const failed = (error: unknown) => {
    const fields = fieldErrorsOf(t, error, kind);
    if (fields) setErrors(fields);
    notify.error(error, t('chatbots.channels.saveFailed'));
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = checkValues(t, kind, values, channel === null);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const settings = settingsOf(kind, values);
    const credentials = credentialsOf(kind, values);
    const given = credentials === undefined ? {} : { credentials };
    if (channel)
      update.mutate(
        { id: channel.id, body: { settings, ...given } },
        { onSuccess: onClose, onError: failed },
      );
    else
      create.mutate(
        { kind, settings, ...given, enabled: values.enabled },
        { onSuccess: onCreated, onError: failed },
      );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="channel-form">
      <Stack gap="md">
        <SettingsFields kind={kind} values={values} errors={errors} set={set} editing={channel !== null} />
        {channel === null && (
          <Switch
            label={t('chatbots.channels.enabledOnCreate')}
            checked={values.enabled}
            onChange={(event) => set('enabled', event.currentTarget.checked)}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="channel-save">
            {channel ? t('common.save') : t('chatbots.channels.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SettingsFields(props: FieldsProps) {
  const { kind, values, errors, set } = props;
  const { t } = useTranslation();
  if (kind === 'telegram') return <TelegramFields {...props} />;
  if (kind === 'whatsapp') return <WhatsAppFields {...props} />;
  if (kind === 'twitter') return <TwitterFields {...props} />;
  if (kind === 'api')
    return (
      <TextInput
        label={t('chatbots.channels.callbackUrl')}
        description={t('chatbots.channels.callbackUrlHint')}
        withAsterisk
        data-autofocus
        type="url"
        maxLength={2000}
        placeholder="https://example.org/parley-replies"
        value={values.callbackUrl}
        onChange={(event) => set('callbackUrl', event.currentTarget.value)}
        error={errors.callbackUrl}
        data-testid="channel-callback-url"
      />
    );
  return (
    <>
      <Textarea
        label={t('chatbots.channels.allowedOrigins')}
        description={t('chatbots.channels.allowedOriginsHint')}
        data-autofocus
        autosize
        minRows={3}
        placeholder="https://www.example.org"
        value={values.origins}
        onChange={(event) => set('origins', event.currentTarget.value)}
        error={errors.origins}
        data-testid="channel-origins"
      />
      <TextInput
        label={t('chatbots.channels.exitUrl')}
        description={t('chatbots.channels.exitUrlHint')}
        type="url"
        maxLength={2000}
        placeholder="https://www.google.com/"
        value={values.exitUrl}
        onChange={(event) => set('exitUrl', event.currentTarget.value)}
        error={errors.exitUrl}
        data-testid="channel-exit-url"
      />
    </>
  );
}

/** The form in a dialog, titled by what it does. */
export function ChannelFormModal(props: Omit<ChannelFormProps, 'kind'> & { kind: ChannelKind | null }) {
  const { t } = useTranslation();
  const { kind } = props;
  const title =
    kind === null
      ? ''
      : props.channel
        ? t('chatbots.channels.editTitle', { kind: t(`chatbots.channels.kind.${kind}`) })
        : t('chatbots.channels.addTitle', { kind: t(`chatbots.channels.kind.${kind}`) });
  return (
    <Modal
      opened={kind !== null}
      onClose={props.onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {kind !== null && <ChannelForm {...props} kind={kind} />}
    </Modal>
  );
}
