import { Anchor, Stack, Tabs, Text } from '@mantine/core';
import { IconAdjustments, IconListCheck, IconScale } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { BuiltinReportLinks } from '../../reports/builtin-report-links.js';
import { PageTitle } from '../../ui/page-title.js';
import { FEEDBACK_PATH } from '../feedback/routes.js';
import { AgreementTab } from './agreement-tab.js';
import { PoolSettingsTab } from './pool-settings-tab.js';
import { RubricTab } from './rubric-tab.js';

const TABS = ['pool', 'rubric', 'agreement'] as const;
type Tab = (typeof TABS)[number];

/** `?tab=` in the address, so a tab can be linked to and survives a reload. */
const TAB_PARAM = 'tab';

function isTab(value: string | null): value is Tab {
  return (TABS as readonly (string | null)[]).includes(value);
}

/** Audit administration (admins, under Settings): pool and batches, the rubric, calibration agreement. */
export function AuditAdminPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get(TAB_PARAM);
  const tab: Tab = isTab(requested) ? requested : 'pool';

  const open = (next: string | null) => {
    if (!isTab(next)) return;
    setSearchParams(
      (params) => {
        const updated = new URLSearchParams(params);
        if (next === 'pool') updated.delete(TAB_PARAM);
        else updated.set(TAB_PARAM, next);
        return updated;
      },
      { replace: true },
    );
  };

  return (
    <Stack gap="lg" data-testid="audit-admin-page">
      <Anchor component={Link} to="/settings" size="sm">
        {t('auditAdmin.backToSettings')}
      </Anchor>
      <PageTitle>{t('auditAdmin.title')}</PageTitle>
      <Text c="dimmed" maw={760}>
        {t('auditAdmin.intro')}
      </Text>
      <Anchor component={Link} to={FEEDBACK_PATH} data-testid="open-feedback">
        {t('feedback.linkFromAudit')}
      </Anchor>
      <BuiltinReportLinks prefix="audit-" testId="audit-reports" />
      {/* Inactive tabs stay mounted, so unsaved edits survive a look at another tab. */}
      <Tabs value={tab} onChange={open}>
        <Tabs.List>
          <Tabs.Tab
            value="pool"
            leftSection={<IconAdjustments size={16} aria-hidden />}
            data-testid="tab-pool"
          >
            {t('auditAdmin.tabs.pool')}
          </Tabs.Tab>
          <Tabs.Tab
            value="rubric"
            leftSection={<IconListCheck size={16} aria-hidden />}
            data-testid="tab-rubric"
          >
            {t('auditAdmin.tabs.rubric')}
          </Tabs.Tab>
          <Tabs.Tab
            value="agreement"
            leftSection={<IconScale size={16} aria-hidden />}
            data-testid="tab-agreement"
          >
            {t('auditAdmin.tabs.agreement')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pool" pt="lg">
          <PoolSettingsTab />
        </Tabs.Panel>
        <Tabs.Panel value="rubric" pt="lg">
          <RubricTab />
        </Tabs.Panel>
        <Tabs.Panel value="agreement" pt="lg">
          <AgreementTab onOpenSettings={() => open('pool')} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
