import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackTexter } from '../../../../common/api/feedback.js';
import { useErrorMessage } from '../../ui/errors.js';
import { useFieldErrorText } from '../../ui/use-form.js';
import { checkEmail } from '../../ui/validation.js';
import { useSetTexterEmail } from './queries.js';

interface TexterEmailModalProps {
  texter: FeedbackTexter | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Sets or corrects a texter's e-mail address; imports never overwrite it. Empty: back to the imported one. */
export function TexterEmailModal({ texter, onClose, onSaved }: TexterEmailModalProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(texter?.email ?? '');
  const [checked, setChecked] = useState(false);
  const save = useSetTexterEmail();
  const fieldError = useFieldErrorText();
  const errorMessage = useErrorMessage();
  const trimmed = email.trim();
  const problem = trimmed === '' ? undefined : checkEmail(trimmed);
  const submit = () => {
    setChecked(true);
    if (!texter || problem) return;
    save.mutate(
      { texterId: texter.id, email: trimmed === '' ? null : trimmed },
      {
        onSuccess: () => {
          onSaved();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      opened={texter !== null}
      onClose={onClose}
      title={t('feedback.email.title', { name: texter?.name ?? '' })}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('feedback.email.help')}
          </Text>
          <TextInput
            type="email"
            label={t('feedback.email.label')}
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={checked ? fieldError(problem) : undefined}
            data-autofocus
            data-testid="feedback-texter-email"
          />
          {save.error && (
            <Text c="red" size="sm" role="alert">
              {errorMessage(save.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="feedback-texter-email-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
