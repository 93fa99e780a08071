import { Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { INVITATION_VALID_HOURS } from '../../../common/api/accounts.js';
import type { UserView } from '../../../common/api/auth.js';
import { isLanguageCode, type LanguageCode } from '../../../common/languages.js';
import { LIMITS } from '../../../common/limits.js';
import type { Role } from '../../../common/roles.js';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { PasswordField } from '../ui/password-field.js';
import { type FormErrors, useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkEmail, checkName, checkNewPassword } from '../ui/validation.js';
import { LanguageSelect } from './language-select.js';
import { useCreateUser } from './queries.js';
import { RoleSelect } from './role-select.js';

/** `invite`: the user gets an e-mail with a link to choose a password; `password`: the admin sets one. */
type Access = 'invite' | 'password';

interface CreateUserValues {
  email: string;
  name: string;
  role: Role;
  language: LanguageCode;
  access: Access;
  password: string;
}

function validate(values: CreateUserValues): FormErrors<CreateUserValues> {
  return {
    email: checkEmail(values.email),
    name: checkName(values.name),
    password: values.access === 'password' ? checkNewPassword(values.password) : undefined,
  };
}

interface CreateUserModalProps {
  opened: boolean;
  onClose: () => void;
}

export function CreateUserModal({ opened, onClose }: CreateUserModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('users.create')}
      size="md"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* Mounted only while open, so every opening starts with an empty form. */}
      <CreateUserForm onDone={onClose} />
    </Modal>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const createUser = useCreateUser();
  const notify = useNotify();
  // New accounts start with the least access, invited, in the admin's own language.
  const form = useForm<CreateUserValues>(
    {
      email: '',
      name: '',
      role: 'auditor',
      language: isLanguageCode(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en',
      access: 'invite',
      password: '',
    },
    validate,
  );
  const invite = form.values.access === 'invite';

  const submit = ({ email, name, role, language, access, password }: CreateUserValues) =>
    createUser.mutate(
      {
        email: email.trim(),
        name: name.trim() || undefined,
        role,
        language,
        ...(access === 'password' ? { password } : {}),
      },
      {
        onSuccess: (user: UserView) => {
          notify.success(t(invite ? 'accounts.users.invited' : 'users.created', { email: user.email }));
          onDone();
        },
        onError: (error) => {
          if (isApiError(error, 409) && error.code === 'email_taken') {
            form.setError('email', { code: 'emailTaken' });
          }
          notify.error(error, t('users.createFailed'));
        },
      },
    );

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="create-user-form">
      <Stack gap="md">
        <CreateUserFields form={form} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={createUser.isPending} data-testid="create-user-submit">
            {invite ? t('accounts.users.inviteSubmit') : t('users.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type CreateUserFormState = ReturnType<typeof useForm<CreateUserValues>>;

function CreateUserFields({ form }: { form: CreateUserFormState }) {
  const { t } = useTranslation();
  const fieldError = useFieldErrorText();
  return (
    <>
      <TextInput
        label={t('users.fields.email')}
        type="email"
        autoComplete="off"
        withAsterisk
        data-autofocus
        value={form.values.email}
        onChange={(event) => form.setField('email', event.currentTarget.value)}
        error={fieldError(form.errors.email)}
        data-testid="user-email"
      />
      <TextInput
        label={t('users.fields.name')}
        autoComplete="off"
        value={form.values.name}
        onChange={(event) => form.setField('name', event.currentTarget.value)}
        error={fieldError(form.errors.name)}
        data-testid="user-name"
      />
      <RoleSelect
        value={form.values.role}
        onChange={(role) => form.setField('role', role)}
        data-testid="user-role"
      />
      <LanguageSelect
        value={form.values.language}
        onChange={(language) => form.setField('language', language)}
        data-testid="user-language"
      />
      <Radio.Group
        label={t('accounts.users.access')}
        value={form.values.access}
        onChange={(value) => form.setField('access', value === 'password' ? 'password' : 'invite')}
        data-testid="user-access"
      >
        <Stack gap="xs" mt="xs">
          <Radio value="invite" label={t('accounts.users.invite')} data-testid="user-access-invite" />
          <Radio value="password" label={t('accounts.users.password')} data-testid="user-access-password" />
        </Stack>
      </Radio.Group>
      {form.values.access === 'invite' ? (
        <Text size="sm" c="dimmed">
          {t('accounts.users.inviteHint', { hours: INVITATION_VALID_HOURS })}
        </Text>
      ) : (
        <PasswordField
          label={t('users.fields.password')}
          description={t('users.fields.passwordHint', { min: LIMITS.passwordMin, max: LIMITS.passwordMax })}
          autoComplete="new-password"
          withAsterisk
          value={form.values.password}
          onChange={(event) => form.setField('password', event.currentTarget.value)}
          error={fieldError(form.errors.password)}
          data-testid="user-password"
        />
      )}
    </>
  );
}
