import { Button, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UpdateUserBody, UserView } from '../../../common/api/auth.js';
import type { LanguageCode } from '../../../common/languages.js';
import { LIMITS } from '../../../common/limits.js';
import type { Role } from '../../../common/roles.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useNotify } from '../ui/notify.js';
import { PasswordField } from '../ui/password-field.js';
import { type FormErrors, useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkName, checkNewPassword } from '../ui/validation.js';
import { LanguageSelect } from './language-select.js';
import { useUpdateUser } from './queries.js';
import { RoleSelect } from './role-select.js';

interface EditUserValues {
  name: string;
  role: Role;
  disabled: boolean;
  language: LanguageCode;
  /** Empty keeps the current password. */
  password: string;
}

function validate(values: EditUserValues): FormErrors<EditUserValues> {
  return {
    name: checkName(values.name),
    password: values.password === '' ? undefined : checkNewPassword(values.password),
  };
}

/** Only what changed, so the PATCH says exactly what the admin did. */
function changes(user: UserView, values: EditUserValues): UpdateUserBody {
  const name = values.name.trim();
  return {
    ...(name !== user.name && { name }),
    ...(values.role !== user.role && { role: values.role }),
    ...(values.disabled !== user.disabled && { disabled: values.disabled }),
    ...(values.language !== user.language && { language: values.language }),
    ...(values.password !== '' && { password: values.password }),
  };
}

interface EditUserModalProps {
  /** The user being edited; kept while the modal animates closed. */
  user: UserView | null;
  opened: boolean;
  onClose: () => void;
}

export function EditUserModal({ user, opened, onClose }: EditUserModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened && user !== null}
      onClose={onClose}
      title={user ? t('users.editUser', { email: user.email }) : ''}
      size="md"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {user && <EditUserForm key={user.id} user={user} onDone={onClose} />}
    </Modal>
  );
}

function EditUserForm({ user, onDone }: { user: UserView; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const updateUser = useUpdateUser();
  const notify = useNotify();
  const fieldError = useFieldErrorText();
  const form = useForm<EditUserValues>(
    { name: user.name, role: user.role, disabled: user.disabled, language: user.language, password: '' },
    validate,
  );
  // Guard against locking oneself out; the server decides in the end.
  const isSelf = user.id === me.user.id;
  const body = changes(user, form.values);
  const changed = Object.keys(body).length > 0;

  const submit = (values: EditUserValues) =>
    updateUser.mutate(
      { id: user.id, body: changes(user, values) },
      {
        onSuccess: (updated) => {
          notify.success(t('users.updated', { email: updated.email }));
          onDone();
        },
        onError: (error) => notify.error(error, t('users.updateFailed')),
      },
    );

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="edit-user-form">
      <Stack gap="md">
        <TextInput
          label={t('users.fields.name')}
          autoComplete="off"
          data-autofocus
          value={form.values.name}
          onChange={(event) => form.setField('name', event.currentTarget.value)}
          error={fieldError(form.errors.name)}
          data-testid="user-name"
        />
        <RoleSelect
          value={form.values.role}
          onChange={(role) => form.setField('role', role)}
          disabled={isSelf}
          data-testid="user-role"
        />
        <LanguageSelect
          value={form.values.language}
          onChange={(language) => form.setField('language', language)}
          data-testid="user-language"
        />
        <Switch
          label={t('users.fields.disabled')}
          description={t('users.fields.disabledHint')}
          checked={form.values.disabled}
          onChange={(event) => form.setField('disabled', event.currentTarget.checked)}
          disabled={isSelf}
          data-testid="user-disabled"
        />
        {isSelf && (
          <Text size="sm" c="dimmed">
            {t('users.selfHint')}
          </Text>
        )}
        <PasswordField
          label={t('users.fields.newPassword')}
          description={`${t('users.fields.newPasswordHint')} ${t('account.passwordHint', {
            min: LIMITS.passwordMin,
            max: LIMITS.passwordMax,
          })}`}
          autoComplete="new-password"
          value={form.values.password}
          onChange={(event) => form.setField('password', event.currentTarget.value)}
          error={fieldError(form.errors.password)}
          data-testid="user-password"
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            disabled={!changed}
            loading={updateUser.isPending}
            data-testid="edit-user-submit"
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
