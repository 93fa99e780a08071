import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../common/limits.js';
import type { Role } from '../../../common/roles.js';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { PasswordField } from '../ui/password-field.js';
import { type FormErrors, useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkEmail, checkName, checkNewPassword } from '../ui/validation.js';
import { useCreateUser } from './queries.js';
import { RoleSelect } from './role-select.js';

interface CreateUserValues {
  email: string;
  name: string;
  role: Role;
  password: string;
}

// New accounts start with the least access.
const INITIAL: CreateUserValues = { email: '', name: '', role: 'auditor', password: '' };

function validate(values: CreateUserValues): FormErrors<CreateUserValues> {
  return {
    email: checkEmail(values.email),
    name: checkName(values.name),
    password: checkNewPassword(values.password),
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
  const { t } = useTranslation();
  const createUser = useCreateUser();
  const notify = useNotify();
  const fieldError = useFieldErrorText();
  const form = useForm(INITIAL, validate);

  const submit = ({ email, name, role, password }: CreateUserValues) =>
    createUser.mutate(
      { email: email.trim(), name: name.trim() || undefined, role, password },
      {
        onSuccess: (user) => {
          notify.success(t('users.created', { email: user.email }));
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
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={createUser.isPending} data-testid="create-user-submit">
            {t('users.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
