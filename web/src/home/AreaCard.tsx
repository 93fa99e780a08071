import { Button, Card, Group, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Area } from '../../../common/roles.js';
import { AREA_NAV } from '../layout/areas.js';

export function AreaCard({ area }: { area: Area }) {
  const { t } = useTranslation();
  const { path, icon: Icon } = AREA_NAV[area];
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`area-card-${area}`}>
      <Group gap="sm" mb="xs" wrap="nowrap">
        <ThemeIcon variant="light" size="lg" radius="md">
          <Icon size={20} aria-hidden />
        </ThemeIcon>
        <Text fw={600} size="lg">
          {t(`areas.${area}.title`)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
        {t(`areas.${area}.description`)}
      </Text>
      <Button
        component={Link}
        to={path}
        variant="light"
        mt="md"
        rightSection={<IconArrowRight size={16} aria-hidden />}
      >
        {t('home.open')}
      </Button>
    </Card>
  );
}
