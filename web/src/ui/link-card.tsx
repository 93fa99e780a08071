import { Button, Card, Group, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight, type TablerIcon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface LinkCardProps {
  icon: TablerIcon;
  title: string;
  description: string;
  to: string;
  testId: string;
}

/** A card naming a place in the app, with a button that opens it (home areas, settings pages). */
export function LinkCard({ icon: Icon, title, description, to, testId }: LinkCardProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" data-testid={testId}>
      <Group gap="sm" mb="xs" wrap="nowrap">
        <ThemeIcon variant="light" size="lg" radius="md">
          <Icon size={20} aria-hidden />
        </ThemeIcon>
        <Text fw={600} size="lg">
          {title}
        </Text>
      </Group>
      <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
        {description}
      </Text>
      <Button
        component={Link}
        to={to}
        variant="light"
        mt="md"
        rightSection={<IconArrowRight size={16} aria-hidden />}
      >
        {t('home.open')}
      </Button>
    </Card>
  );
}
