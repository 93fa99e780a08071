import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { AuthFrame } from '../../auth/auth-frame.js';
import { useErrorMessage } from '../../ui/errors.js';
import { QueryPending } from '../../ui/query-pending.js';
import { useStop, useStopState } from './queries.js';

/**
 * Where a feedback e-mail's stop link leads (signed out). Opening it changes nothing, since mail
 * scanners open links; the button does.
 */
export function StopPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const state = useStopState(token);
  const stop = useStop(token);
  const errorMessage = useErrorMessage();
  return (
    <AuthFrame documentTitle={t('feedback.stop.title')}>
      <Stack gap="md" data-testid="feedback-stop-page">
        <Title order={1} size="h2">
          {t('feedback.stop.title')}
        </Title>
        {!state.data && <QueryPending query={state} />}
        {state.data?.stopped && (
          <Alert color="green" icon={<IconCircleCheck />} role="status" data-testid="feedback-stopped">
            {t('feedback.stop.done')}
          </Alert>
        )}
        {state.data && !state.data.stopped && (
          <>
            <Text>{t('feedback.stop.question')}</Text>
            {stop.error && (
              <Alert color="red" role="alert">
                {errorMessage(stop.error)}
              </Alert>
            )}
            <Button
              onClick={() => stop.mutate()}
              loading={stop.isPending}
              data-testid="feedback-stop-confirm"
            >
              {t('feedback.stop.confirm')}
            </Button>
          </>
        )}
      </Stack>
    </AuthFrame>
  );
}
