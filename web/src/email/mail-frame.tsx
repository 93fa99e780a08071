import { Code, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface MailFrameProps {
  subject: string;
  html: string;
  text: string;
  testId?: string;
}

/**
 * A rendered e-mail: the HTML in a frame sandboxed of everything (no scripts, no same origin, no
 * forms: the mail carries what others typed) and the plain-text part.
 */
export function MailFrame({ subject, html, text, testId = 'mail-frame' }: MailFrameProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid={testId}>
      <Text fw={600} data-testid={`${testId}-subject`}>
        {subject}
      </Text>
      <Tabs defaultValue="html" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html">{t('email.mail.html')}</Tabs.Tab>
          <Tabs.Tab value="text">{t('email.mail.text')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <iframe
            sandbox=""
            srcDoc={html}
            title={t('email.mail.frameTitle', { subject })}
            style={{ width: '100%', height: 520, border: '1px solid var(--mantine-color-default-border)' }}
            data-testid={`${testId}-html`}
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid={`${testId}-text`}>
            {text}
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
