import {
  IconChartBar,
  IconClipboardList,
  IconFlag,
  IconMessages,
  IconRobot,
  IconSettings,
  IconUsers,
  type TablerIcon,
} from '@tabler/icons-react';
import { AREAS, type Area } from '../../../common/roles.js';

interface AreaNav {
  path: string;
  icon: TablerIcon;
}

/** Where each area lives in the UI. Titles and descriptions are in the i18n files under `areas.<area>`. */
export const AREA_NAV = {
  conversations: { path: '/conversations', icon: IconMessages },
  audits: { path: '/audits', icon: IconClipboardList },
  moderation: { path: '/moderation', icon: IconFlag },
  reports: { path: '/reports', icon: IconChartBar },
  chatbots: { path: '/chatbots', icon: IconRobot },
  users: { path: '/users', icon: IconUsers },
  settings: { path: '/settings', icon: IconSettings },
} as const satisfies Record<Area, AreaNav>;

const AREA_ORDER = Object.keys(AREAS) as Area[];

/** The known areas among `allowed` (from `me.areas`), in the order of `AREAS`. */
export function visibleAreas(allowed: readonly string[]): Area[] {
  return AREA_ORDER.filter((area) => allowed.includes(area));
}
