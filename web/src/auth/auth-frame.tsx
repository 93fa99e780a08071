import { Center, Group, Paper, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../i18n/language-switch.js';
import { DocumentTitle } from '../ui/document-title.js';

/**
 * The frame of the pages seen signed out (sign-in, forgot password, a link's page): one card and
 * the language switch, everything inside the one `main` landmark.
 */
export function AuthFrame({ documentTitle, children }: { documentTitle: string; children: ReactNode }) {
  return (
    <Center component="main" mih="100vh" p="md" bg="var(--parley-surface-page)">
      <DocumentTitle>{documentTitle}</DocumentTitle>
      <Stack w="100%" maw={420} gap="md">
        <Paper withBorder shadow="sm" radius="md" p="xl">
          {children}
        </Paper>
        <Group justify="center">
          <LanguageSwitch />
        </Group>
      </Stack>
    </Center>
  );
}
