import { Button, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliverySettings } from '../../../common/api/chatbot.js';
import { CHANNEL_LIMITS } from '../../../common/limits.js';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { useUpdateDelivery } from './channel-queries.js';

const { min, max } = CHANNEL_LIMITS.messageDelayMs;

/** Whether a validation reply names the delay (the server checks its range too). */
function namesDelay(error: unknown): boolean {
  return isApiError(error) && JSON.stringify(error.details ?? '').includes('message_delay_ms');
}

/** How a bot's messages go out: the " [i/n]" suffix and the pause between those of one turn. */
export function DeliverySettingsForm({ botId, delivery }: { botId: number; delivery: DeliverySettings }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const save = useUpdateDelivery(botId);
  const [numbered, setNumbered] = useState(delivery.number_messages);
  const [delay, setDelay] = useState<number | string>(delivery.message_delay_ms);
  const [delayError, setDelayError] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const ms = typeof delay === 'number' ? delay : Number(delay);
    if (delay === '' || !Number.isInteger(ms) || ms < min || ms > max) {
      setDelayError(t('chatbots.delivery.delayRange', { min, max }));
      return;
    }
    save.mutate(
      { number_messages: numbered, message_delay_ms: ms },
      {
        onSuccess: () => notify.success(t('chatbots.delivery.saved')),
        onError: (error) => {
          if (namesDelay(error)) setDelayError(t('chatbots.delivery.delayRange', { min, max }));
          notify.error(error, t('chatbots.delivery.saveFailed'));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="delivery-form">
      <Stack gap="md" maw={560}>
        <Title order={2} size="h4">
          {t('chatbots.delivery.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('chatbots.delivery.hint')}
        </Text>
        <Switch
          label={t('chatbots.delivery.numbered')}
          description={t('chatbots.delivery.numberedHint')}
          checked={numbered}
          onChange={(event) => setNumbered(event.currentTarget.checked)}
          data-testid="delivery-numbered"
        />
        <NumberInput
          label={t('chatbots.delivery.delay')}
          description={t('chatbots.delivery.delayHint', { max })}
          min={min}
          max={max}
          step={100}
          allowDecimal={false}
          w={340}
          value={delay}
          onChange={(value) => {
            setDelay(value);
            setDelayError(null);
          }}
          error={delayError}
          data-testid="delivery-delay"
        />
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="delivery-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
