import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** Shown when rendering a route throws: say so plainly and offer a reload. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <Center component="main" h="100vh" p="md">
      <Stack align="center" gap="md" ta="center">
        <Title order={1} size="h2">
          {t('errors.title')}
        </Title>
        <Text c="dimmed">{t('errors.unexpected')}</Text>
        <Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>
      </Stack>
    </Center>
  );
}
