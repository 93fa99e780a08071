import { AppShell, Burger, Group, Text, UnstyledButton, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconMessageCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { AccountControls } from './account-controls.js';
import { AppNavbar } from './app-navbar.js';
import classes from './layout.module.css';
import { MAIN_CONTENT_ID, SkipLink } from './skip-link.js';

/** The signed-in frame: header with the account controls, navbar with the user's areas, and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  // One instance of the account controls at a time: in the header when wide, in the navbar when narrow.
  const narrow = useMediaQuery(`(max-width: calc(${theme.breakpoints.md} - 1px))`, false, {
    getInitialValueInEffect: false,
  });

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <SkipLink />
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="md"
              size="sm"
              aria-label={t('layout.toggleNavigation')}
            />
            <UnstyledButton component={Link} to="/" onClick={closeNav} data-testid="brand">
              <Group gap={8} wrap="nowrap">
                <IconMessageCircle size={26} color="var(--mantine-primary-color-filled)" aria-hidden />
                <Text fw={700} size="xl">
                  {t('app.name')}
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          {!narrow && <AccountControls direction="row" />}
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('layout.navigation')}>
        <AppShell.Section grow>
          <AppNavbar onNavigate={closeNav} />
        </AppShell.Section>
        {narrow && (
          <AppShell.Section pt="md">
            <AccountControls direction="column" onNavigate={closeNav} />
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
