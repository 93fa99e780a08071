import { NavLink, Stack } from '@mantine/core';
import { IconHome } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../auth/current-user.js';
import { AREA_NAV, visibleAreas } from './areas.js';

/** Home and the areas this user may open; nothing else is listed. */
export function AppNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { areas } = useCurrentUser();
  const { pathname } = useLocation();

  return (
    // AppShell.Navbar is the `<nav>` landmark; a second one here would be a duplicate.
    <Stack gap={4} data-testid="app-nav">
      <NavLink
        component={Link}
        to="/"
        label={t('layout.home')}
        leftSection={<IconHome size={18} aria-hidden />}
        active={pathname === '/'}
        onClick={onNavigate}
        data-testid="nav-home"
      />
      {visibleAreas(areas).map((area) => {
        const { path, icon: Icon } = AREA_NAV[area];
        return (
          <NavLink
            key={area}
            component={Link}
            to={path}
            label={t(`areas.${area}.title`)}
            leftSection={<Icon size={18} aria-hidden />}
            active={pathname === path || pathname.startsWith(`${path}/`)}
            onClick={onNavigate}
            data-testid={`nav-${area}`}
          />
        );
      })}
    </Stack>
  );
}
