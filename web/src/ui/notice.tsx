import { Button, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DocumentTitle } from './document-title.js';

interface NoticeProps {
  title: string;
  children: ReactNode;
  testId?: string;
}

/** A full-page message (not found, not allowed) with a way back home. */
export function Notice({ title, children, testId }: NoticeProps) {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="md" py="xl" ta="center" data-testid={testId}>
      <DocumentTitle>{title}</DocumentTitle>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed" maw={480}>
        {children}
      </Text>
      <Button component={Link} to="/" variant="light">
        {t('common.backHome')}
      </Button>
    </Stack>
  );
}
