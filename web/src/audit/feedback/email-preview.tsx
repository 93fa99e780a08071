import { Code, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface EmailPreviewProps {
  subject: string;
  html: string;
  text: string;
}

/**
 * One rendered e-mail: its HTML in a sandboxed frame (no scripts, no same origin, no forms: what a
 * contact wrote is in it) and its plain text.
 */
export function EmailPreview({ subject, html, text }: EmailPreviewProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="feedback-email-preview">
      <Text fw={600} data-testid="feedback-preview-subject">
        {subject}
      </Text>
      <Tabs defaultValue="html">
        <Tabs.List>
          <Tabs.Tab value="html">{t('feedback.preview.html')}</Tabs.Tab>
          <Tabs.Tab value="text">{t('feedback.preview.text')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <iframe
            sandbox=""
            srcDoc={html}
            title={t('feedback.preview.frameTitle', { subject })}
            style={{ width: '100%', height: 520, border: '1px solid var(--mantine-color-default-border)' }}
            data-testid="feedback-preview-frame"
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid="feedback-preview-text">
            {text}
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
