import { Alert, Badge, Button, Code, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconScale } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementView, RubricItem } from '../../../../common/api/audit.js';
import { QueryPending } from '../../ui/query-pending.js';
import { KAPPA_COLORS, KAPPA_LEVELS, kappaLevel } from './kappa.js';
import { useAgreement, useAuditSettings, useRubric } from './queries.js';

type AgreementRow = AgreementView['items'][number];

/** Rows in the order of the current rubric (items no longer in it last), then by auditor pair. */
function sortRows(rows: readonly AgreementRow[], items: readonly RubricItem[]): AgreementRow[] {
  const order = new Map(items.map((item, index) => [item.key, index]));
  const rank = (row: AgreementRow) => order.get(row.item) ?? items.length;
  const pair = (row: AgreementRow) => `${row.auditor_a.name}\u0000${row.auditor_b.name}`;
  return [...rows].sort(
    (a, b) => rank(a) - rank(b) || a.item.localeCompare(b.item) || pair(a).localeCompare(pair(b)),
  );
}

function useNumberFormats() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return useMemo(() => {
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    const kappa = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    return {
      /** `percent_agreement` is 0..100. */
      percent: (value: number) => percent.format(value / 100),
      kappa: (value: number) => kappa.format(value),
      decimal: (value: number) => decimal.format(value),
    };
  }, [language]);
}

/** The "Calibration agreement" tab: per rubric item and auditor pair, with how to read kappa. */
export function AgreementTab({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { t } = useTranslation();
  const agreement = useAgreement();
  const rubric = useRubric();
  const settings = useAuditSettings();
  const calibrationOff = settings.data?.calibration_share === 0;

  if (!agreement.data) return <QueryPending query={agreement} />;

  if (agreement.data.items.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl" maw={720} data-testid="agreement-empty">
        <Stack align="center" gap="sm" ta="center">
          <IconScale size={40} stroke={1.5} aria-hidden color="var(--mantine-color-dimmed)" />
          <Title order={2} size="h4">
            {calibrationOff ? t('auditAdmin.agreement.offTitle') : t('auditAdmin.agreement.emptyTitle')}
          </Title>
          <Text c="dimmed" size="sm">
            {calibrationOff ? t('auditAdmin.agreement.offBody') : t('auditAdmin.agreement.emptyBody')}
          </Text>
          {calibrationOff && (
            <Button variant="light" onClick={onOpenSettings} data-testid="agreement-open-settings">
              {t('auditAdmin.agreement.openSettings')}
            </Button>
          )}
        </Stack>
      </Paper>
    );
  }

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed" maw={760}>
        {t('auditAdmin.agreement.intro')}
      </Text>
      {calibrationOff && (
        <Alert color="gray" icon={<IconInfoCircle />} data-testid="agreement-calibration-off">
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t('auditAdmin.agreement.offWithData')}</Text>
            <Button size="xs" variant="light" onClick={onOpenSettings}>
              {t('auditAdmin.agreement.openSettings')}
            </Button>
          </Group>
        </Alert>
      )}
      <AgreementTable
        rows={sortRows(agreement.data.items, rubric.data?.items ?? [])}
        items={rubric.data?.items}
      />
      <KappaLegend />
    </Stack>
  );
}

function AgreementTable({
  rows,
  items,
}: {
  rows: readonly AgreementRow[];
  items: readonly RubricItem[] | undefined;
}) {
  const { t } = useTranslation();
  const format = useNumberFormats();
  const labels = new Map(items?.map((item) => [item.key, item.label]));

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="agreement-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auditAdmin.agreement.columns.item')}</Table.Th>
            <Table.Th>{t('auditAdmin.agreement.columns.auditors')}</Table.Th>
            <Table.Th ta="right">{t('auditAdmin.agreement.columns.conversations')}</Table.Th>
            <Table.Th ta="right">{t('auditAdmin.agreement.columns.percent')}</Table.Th>
            <Table.Th ta="right">{t('auditAdmin.agreement.columns.kappa')}</Table.Th>
            <Table.Th>{t('auditAdmin.agreement.columns.reading')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const label = labels.get(row.item);
            const level = row.kappa === null ? null : kappaLevel(row.kappa);
            return (
              <Table.Tr
                key={`${row.item}-${row.auditor_a.id}-${row.auditor_b.id}`}
                data-testid="agreement-row"
                data-item={row.item}
              >
                <Table.Td>
                  <Stack gap={2}>
                    {label !== undefined && (
                      <Text size="sm" fw={500}>
                        {label}
                      </Text>
                    )}
                    <Group gap={6}>
                      <Code>{row.item}</Code>
                      {items && label === undefined && (
                        <Text size="xs" c="dimmed">
                          {t('auditAdmin.agreement.notInRubric')}
                        </Text>
                      )}
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {t('auditAdmin.agreement.pair', { a: row.auditor_a.name, b: row.auditor_b.name })}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" data-testid="agreement-conversations">
                  {row.conversations}
                </Table.Td>
                <Table.Td ta="right" data-testid="agreement-percent">
                  {format.percent(row.percent_agreement)}
                </Table.Td>
                <Table.Td ta="right" data-testid="agreement-kappa">
                  {row.kappa === null ? (
                    <Text span size="sm" c="dimmed" title={t('auditAdmin.agreement.kappaUndefined')}>
                      —
                    </Text>
                  ) : (
                    format.kappa(row.kappa)
                  )}
                </Table.Td>
                <Table.Td>
                  {level ? (
                    <Badge variant="light" color={KAPPA_COLORS[level]}>
                      {t(`auditAdmin.agreement.levels.${level}`)}
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t('auditAdmin.agreement.kappaUndefined')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function KappaLegend() {
  const { t } = useTranslation();
  const format = useNumberFormats();
  const range = (from: number | null, to: number | null) =>
    from === null
      ? t('auditAdmin.agreement.below', { value: format.decimal(to ?? 0) })
      : to === null
        ? t('auditAdmin.agreement.above', { value: format.decimal(from) })
        : t('auditAdmin.agreement.between', { from: format.decimal(from), to: format.decimal(to) });

  return (
    <Paper withBorder radius="md" p="lg" maw={760} data-testid="kappa-legend">
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('auditAdmin.agreement.legendTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('auditAdmin.agreement.legendBody')}
        </Text>
        <List spacing={4} size="sm" listStyleType="none">
          {KAPPA_LEVELS.map(({ level, from, to }) => (
            <List.Item key={level}>
              <Group gap="sm" wrap="nowrap">
                <Text size="sm" w={90} ff="monospace">
                  {range(from, to)}
                </Text>
                <Badge variant="light" color={KAPPA_COLORS[level]}>
                  {t(`auditAdmin.agreement.levels.${level}`)}
                </Badge>
              </Group>
            </List.Item>
          ))}
        </List>
        <Text size="sm" c="dimmed">
          {t('auditAdmin.agreement.legendNull')}
        </Text>
      </Stack>
    </Paper>
  );
}
