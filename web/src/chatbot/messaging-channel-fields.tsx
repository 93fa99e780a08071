import { PasswordInput, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ChannelKind } from '../../../common/api/channels.js';

/** The channel form's values, every kind's fields (the kind shows its own). */
export interface Values {
  origins: string;
  exitUrl: string;
  callbackUrl: string;
  /** Credentials are write-only: never shown; empty on an edit keeps the current ones. */
  botToken: string;
  apiBaseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  listButton: string;
  accountId: string;
  envName: string;
  consumerKey: string;
  consumerSecret: string;
  twitterToken: string;
  twitterTokenSecret: string;
  enabled: boolean;
}

export type Field = Exclude<keyof Values, 'enabled'>;
export type FieldErrors = Partial<Record<Field, string>>;

export interface FieldsProps {
  kind: ChannelKind;
  values: Values;
  errors: FieldErrors;
  set: <K extends keyof Values>(field: K, value: Values[K]) => void;
  editing: boolean;
}

/** Telegram's bot token, as @BotFather gives it; Meta's app secret (the server checks the same). */
const BOT_TOKEN = /^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$/;
const APP_SECRET = /^[0-9a-f]{32}$/;
const ACCESS_TOKEN = /^[A-Za-z0-9_.|-]{20,1000}$/;

export type MessagingKind = 'telegram' | 'whatsapp' | 'twitter';

export function messagingSettingsOf(kind: MessagingKind, values: Values): unknown {
  const base = values.apiBaseUrl.trim();
  const optional = base === '' ? {} : { api_base_url: base };
  if (kind === 'telegram') return optional;
  if (kind === 'twitter')
    return { account_id: values.accountId.trim(), env_name: values.envName.trim(), ...optional };
  const button = values.listButton.trim();
  return {
    phone_number_id: values.phoneNumberId.trim(),
    ...optional,
    ...(button === '' ? {} : { list_button: button }),
  };
}

/** The remote service's credentials, when some were typed (an edit may leave them as they are). */
export function credentialsOf(kind: ChannelKind, values: Values): Record<string, string> | undefined {
  if (kind === 'telegram' && values.botToken.trim() !== '') return { bot_token: values.botToken.trim() };
  if (kind === 'whatsapp' && (values.accessToken.trim() !== '' || values.appSecret.trim() !== ''))
    return { access_token: values.accessToken.trim(), app_secret: values.appSecret.trim() };
  if (kind === 'twitter') {
    const keys = {
      consumer_key: values.consumerKey.trim(),
      consumer_secret: values.consumerSecret.trim(),
      access_token: values.twitterToken.trim(),
      access_token_secret: values.twitterTokenSecret.trim(),
    };
    return Object.values(keys).some((value) => value !== '') ? keys : undefined;
  }
  return undefined;
}

/** Twitter's keys and tokens, as its developer portal gives them (the server checks the same). */
const TWITTER_KEYS: [Field, RegExp][] = [
  ['consumerKey', /^[A-Za-z0-9_-]{10,100}$/],
  ['consumerSecret', /^[A-Za-z0-9_-]{20,200}$/],
  ['twitterToken', /^[0-9]{1,25}-[A-Za-z0-9_-]{10,100}$/],
  ['twitterTokenSecret', /^[A-Za-z0-9_-]{20,200}$/],
];

function checkTwitterValues(t: TFunction, values: Values, creating: boolean): FieldErrors {
  const found: FieldErrors = {};
  const required = t('chatbots.channels.errors.required');
  if (!/^[0-9]{1,25}$/.test(values.accountId.trim()))
    found.accountId = values.accountId.trim() === '' ? required : t('chatbots.channels.errors.accountId');
  if (!/^[A-Za-z0-9_-]{1,50}$/.test(values.envName.trim()))
    found.envName = values.envName.trim() === '' ? required : t('chatbots.channels.errors.envName');
  const given = TWITTER_KEYS.some(([field]) => values[field].trim() !== '');
  if (!creating && !given) return found;
  for (const [field, pattern] of TWITTER_KEYS) {
    const value = values[field].trim();
    if (value === '') found[field] = creating ? required : t('chatbots.channels.errors.all4');
    else if (!pattern.test(value)) found[field] = t('chatbots.channels.errors.twitterKey');
  }
  return found;
}

export function checkMessagingValues(
  t: TFunction,
  kind: MessagingKind,
  values: Values,
  creating: boolean,
): FieldErrors {
  if (kind === 'twitter') return checkTwitterValues(t, values, creating);
  const found: FieldErrors = {};
  const required = t('chatbots.channels.errors.required');
  if (kind === 'telegram') {
    const token = values.botToken.trim();
    if (token === '' && creating) found.botToken = required;
    else if (token !== '' && !BOT_TOKEN.test(token)) found.botToken = t('chatbots.channels.errors.botToken');
    return found;
  }
  if (!/^[0-9]{1,30}$/.test(values.phoneNumberId.trim()))
    found.phoneNumberId =
      values.phoneNumberId.trim() === '' ? required : t('chatbots.channels.errors.phoneNumberId');
  const token = values.accessToken.trim();
  const secret = values.appSecret.trim();
  if (creating || token !== '' || secret !== '') {
    if (!ACCESS_TOKEN.test(token))
      found.accessToken =
        token === ''
          ? creating
            ? required
            : t('chatbots.channels.errors.both')
          : t('chatbots.channels.errors.accessToken');
    if (!APP_SECRET.test(secret))
      found.appSecret =
        secret === ''
          ? creating
            ? required
            : t('chatbots.channels.errors.both')
          : t('chatbots.channels.errors.appSecret');
  }
  if ([...values.listButton.trim()].length > 20) found.listButton = t('chatbots.channels.errors.listButton');
  return found;
}

const TWITTER_CREDENTIAL_FIELDS: Record<string, Field> = {
  consumer_key: 'consumerKey',
  consumer_secret: 'consumerSecret',
  access_token: 'twitterToken',
  access_token_secret: 'twitterTokenSecret',
};

/** A server problem's path (`settings.…`, `credentials.…`) on the field it is about. */
export function messagingFieldErrorOf(t: TFunction, path: string, kind: ChannelKind): FieldErrors {
  if (path.startsWith('settings.api_base_url')) return { apiBaseUrl: t('chatbots.channels.errors.url') };
  if (kind === 'twitter') {
    if (path.startsWith('settings.account_id')) return { accountId: t('chatbots.channels.errors.accountId') };
    if (path.startsWith('settings.env_name')) return { envName: t('chatbots.channels.errors.envName') };
    const key = TWITTER_CREDENTIAL_FIELDS[path.replace(/^credentials\./, '')];
    return key ? { [key]: t('chatbots.channels.errors.twitterKey') } : {};
  }
  if (path.startsWith('settings.phone_number_id'))
    return { phoneNumberId: t('chatbots.channels.errors.phoneNumberId') };
  if (path.startsWith('settings.list_button'))
    return { listButton: t('chatbots.channels.errors.listButton') };
  if (path.startsWith('credentials.bot_token')) return { botToken: t('chatbots.channels.errors.botToken') };
  if (path.startsWith('credentials.access_token'))
    return { accessToken: t('chatbots.channels.errors.accessToken') };
  if (path.startsWith('credentials.app_secret'))
    return { appSecret: t('chatbots.channels.errors.appSecret') };
  return {};
}

/** Telegram: the bot token (write-only) and, rarely, another Bot API server. */
export function TelegramFields({ values, errors, set, editing }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput
        label={t('chatbots.channels.botToken')}
        description={`${t('chatbots.channels.botTokenHint')}${editing ? ` ${t('chatbots.channels.botTokenKeep')}` : ''}`}
        withAsterisk={!editing}
        data-autofocus
        autoComplete="off"
        maxLength={130}
        placeholder="123456789:AA…"
        value={values.botToken}
        onChange={(event) => set('botToken', event.currentTarget.value)}
        error={errors.botToken}
        data-testid="channel-bot-token"
      />
      <TextInput
        label={t('chatbots.channels.apiBaseUrl')}
        description={t('chatbots.channels.apiBaseUrlHint')}
        type="url"
        maxLength={2000}
        placeholder="https://api.telegram.org"
        value={values.apiBaseUrl}
        onChange={(event) => set('apiBaseUrl', event.currentTarget.value)}
        error={errors.apiBaseUrl}
        data-testid="channel-api-base-url"
      />
    </>
  );
}

/** WhatsApp Cloud API: the number's id, the access token and app secret (write-only), the list button. */
export function WhatsAppFields({ values, errors, set, editing }: FieldsProps) {
  const { t } = useTranslation();
  const keep = editing ? ` ${t('chatbots.channels.credentialsKeep')}` : '';
  return (
    <>
      <TextInput
        label={t('chatbots.channels.phoneNumberId')}
        description={t('chatbots.channels.phoneNumberIdHint')}
        withAsterisk
        data-autofocus
        inputMode="numeric"
        maxLength={30}
        value={values.phoneNumberId}
        onChange={(event) => set('phoneNumberId', event.currentTarget.value)}
        error={errors.phoneNumberId}
        data-testid="channel-phone-number-id"
      />
      <PasswordInput
        label={t('chatbots.channels.accessToken')}
        description={`${t('chatbots.channels.accessTokenHint')}${keep}`}
        withAsterisk={!editing}
        autoComplete="off"
        maxLength={1000}
        value={values.accessToken}
        onChange={(event) => set('accessToken', event.currentTarget.value)}
        error={errors.accessToken}
        data-testid="channel-access-token"
      />
      <PasswordInput
        label={t('chatbots.channels.appSecret')}
        description={`${t('chatbots.channels.appSecretHint')}${keep}`}
        withAsterisk={!editing}
        autoComplete="off"
        maxLength={32}
        value={values.appSecret}
        onChange={(event) => set('appSecret', event.currentTarget.value)}
        error={errors.appSecret}
        data-testid="channel-app-secret"
      />
      <TextInput
        label={t('chatbots.channels.listButton')}
        description={t('chatbots.channels.listButtonHint')}
        maxLength={20}
        placeholder="Opções"
        value={values.listButton}
        onChange={(event) => set('listButton', event.currentTarget.value)}
        error={errors.listButton}
        data-testid="channel-list-button"
      />
      <TextInput
        label={t('chatbots.channels.graphUrl')}
        description={t('chatbots.channels.graphUrlHint')}
        type="url"
        maxLength={2000}
        placeholder="https://graph.facebook.com"
        value={values.apiBaseUrl}
        onChange={(event) => set('apiBaseUrl', event.currentTarget.value)}
        error={errors.apiBaseUrl}
        data-testid="channel-api-base-url"
      />
    </>
  );
}

/** Twitter/X: the account, the Account Activity environment, the four OAuth 1.0a keys (write-only). */
export function TwitterFields({ values, errors, set, editing }: FieldsProps) {
  const { t } = useTranslation();
  const keep = editing ? ` ${t('chatbots.channels.twitterKeysKeep')}` : '';
  const secret = (field: Field, label: string, testId: string, hint?: string) => (
    <PasswordInput
      label={label}
      {...(hint ? { description: hint } : {})}
      withAsterisk={!editing}
      autoComplete="off"
      maxLength={200}
      value={values[field]}
      onChange={(event) => set(field, event.currentTarget.value)}
      error={errors[field]}
      data-testid={testId}
    />
  );
  return (
    <>
      <TextInput
        label={t('chatbots.channels.accountId')}
        description={t('chatbots.channels.accountIdHint')}
        withAsterisk
        data-autofocus
        inputMode="numeric"
        maxLength={25}
        value={values.accountId}
        onChange={(event) => set('accountId', event.currentTarget.value)}
        error={errors.accountId}
        data-testid="channel-account-id"
      />
      <TextInput
        label={t('chatbots.channels.envName')}
        description={t('chatbots.channels.envNameHint')}
        withAsterisk
        maxLength={50}
        placeholder="dev"
        value={values.envName}
        onChange={(event) => set('envName', event.currentTarget.value)}
        error={errors.envName}
        data-testid="channel-env-name"
      />
      {secret(
        'consumerKey',
        t('chatbots.channels.consumerKey'),
        'channel-consumer-key',
        `${t('chatbots.channels.twitterKeysHint')}${keep}`,
      )}
      {secret('consumerSecret', t('chatbots.channels.consumerSecret'), 'channel-consumer-secret')}
      {secret('twitterToken', t('chatbots.channels.twitterAccessToken'), 'channel-twitter-token')}
      {secret(
        'twitterTokenSecret',
        t('chatbots.channels.twitterAccessTokenSecret'),
        'channel-twitter-token-secret',
      )}
      <TextInput
        label={t('chatbots.channels.twitterApiUrl')}
        description={t('chatbots.channels.twitterApiUrlHint')}
        type="url"
        maxLength={2000}
        placeholder="https://api.twitter.com"
        value={values.apiBaseUrl}
        onChange={(event) => set('apiBaseUrl', event.currentTarget.value)}
        error={errors.apiBaseUrl}
        data-testid="channel-api-base-url"
      />
    </>
  );
}
