import { useTranslation } from 'react-i18next';
import type { Area } from '../../../common/roles.js';
import { AREA_NAV } from '../layout/areas.js';
import { LinkCard } from '../ui/link-card.js';

export function AreaCard({ area }: { area: Area }) {
  const { t } = useTranslation();
  const { path, icon } = AREA_NAV[area];
  return (
    <LinkCard
      icon={icon}
      title={t(`areas.${area}.title`)}
      description={t(`areas.${area}.description`)}
      to={path}
      testId={`area-card-${area}`}
    />
  );
}
