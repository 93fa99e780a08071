import {
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../../common/api/moderation.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useCampaigns, useFlagTypes, usePreviewRule, useRules, useRunRule, useSaveRule } from './queries.js';

const splitTerms = (text: string) =>
  text
    .split(/[\n,]/)
    .map((term) => term.trim())
    .filter(Boolean);

/** `/settings/moderation/rules` (admins): keyword and regex rules, the built-in sets, a preview over a campaign. */
export function RulesPage() {
  const { t } = useTranslation();
  const rules = useRules();
  const [selected, setSelected] = useState<number | null>(null);
  const rule = rules.data?.rules.find((r) => r.id === selected) ?? null;
  return (
    <Stack gap="lg" data-testid="rules-page">
      <PageTitle>{t('moderation.rules.title')}</PageTitle>
      <Text c="dimmed">{t('moderation.rules.intro')}</Text>
      {rules.data ? (
        <RuleTable rules={rules.data.rules} onTest={setSelected} />
      ) : (
        <QueryPending query={rules} />
      )}
      {rule && <RuleTest key={rule.id} rule={rule} />}
      <NewRule />
    </Stack>
  );
}

function RuleTable({ rules, onTest }: { rules: readonly RuleView[]; onTest: (id: number) => void }) {
  const { t } = useTranslation();
  const types = useFlagTypes().data?.types ?? [];
  const save = useSaveRule();
  const notify = useNotify();
  return (
    <Table data-testid="rules">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('moderation.rules.name')}</Table.Th>
          <Table.Th>{t('moderation.rules.kind')}</Table.Th>
          <Table.Th>{t('moderation.rules.matches')}</Table.Th>
          <Table.Th>{t('moderation.columns.type')}</Table.Th>
          <Table.Th>{t('moderation.types.enabled')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('moderation.rules.test')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.map((rule) => (
          <Table.Tr key={rule.id} data-testid="rule-row">
            <Table.Td>{rule.name}</Table.Td>
            <Table.Td>{t(`moderation.rules.kinds.${rule.kind}`)}</Table.Td>
            <Table.Td maw={320}>
              <Text size="sm" lineClamp={2} ff={rule.pattern ? 'monospace' : undefined}>
                {rule.pattern ??
                  (rule.terms.length > 0 ? rule.terms.join(', ') : t('moderation.rules.defaultList'))}
              </Text>
            </Table.Td>
            <Table.Td>
              {types.find((type) => type.id === rule.flag_type_id)?.name ?? rule.flag_type_id}
            </Table.Td>
            <Table.Td>
              <Switch
                checked={rule.enabled}
                aria-label={t('moderation.types.enable', { name: rule.name })}
                onChange={(event) =>
                  save.mutate(
                    { id: rule.id, body: { enabled: event.currentTarget.checked } },
                    { onError: (error) => notify.error(error) },
                  )
                }
              />
            </Table.Td>
            <Table.Td>
              <Button size="xs" variant="default" onClick={() => onTest(rule.id)} data-testid="rule-test">
                {t('moderation.rules.test')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** "Test this rule on a campaign": what it would flag, then (on demand) flag it. */
function RuleTest({ rule }: { rule: RuleView }) {
  const { t } = useTranslation();
  const campaigns = useCampaigns().data?.campaigns ?? [];
  const [campaign, setCampaign] = useState<string | null>(null);
  const preview = usePreviewRule();
  const run = useRunRule();
  const notify = useNotify();
  const campaignId = Number(campaign);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rule-test" data-testid="rule-preview">
      <Title order={2} size="h4" id="rule-test" mb="sm">
        {t('moderation.rules.testTitle', { name: rule.name })}
      </Title>
      <Group align="flex-end" gap="sm">
        <Select
          label={t('moderation.columns.campaign')}
          data={campaigns.map((c) => ({ value: String(c.id), label: c.title }))}
          value={campaign}
          onChange={setCampaign}
          searchable
          w={280}
          data-testid="rule-campaign"
        />
        <Button
          disabled={!campaign}
          loading={preview.isPending}
          onClick={() => preview.mutate({ id: rule.id, campaignId }, { onError: (e) => notify.error(e) })}
          data-testid="rule-preview-run"
        >
          {t('moderation.rules.preview')}
        </Button>
        <Button
          variant="default"
          disabled={!campaign || !preview.data}
          loading={run.isPending}
          onClick={() =>
            run.mutate(
              { id: rule.id, campaignId },
              {
                onSuccess: (r) => notify.success(t('moderation.rules.flagged', { count: r.flagged })),
                onError: (e) => notify.error(e),
              },
            )
          }
        >
          {t('moderation.rules.flagNow')}
        </Button>
      </Group>
      {preview.data && (
        <Stack gap="xs" mt="md">
          <Text data-testid="rule-preview-count">
            {t('moderation.rules.previewCount', {
              matched: preview.data.matched,
              scanned: preview.data.scanned,
            })}
          </Text>
          {preview.data.samples.map((sample) => (
            <Text key={sample.message_id} size="sm" c="dimmed" data-testid="rule-sample">
              {sample.text}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function NewRule() {
  const { t } = useTranslation();
  const types = useFlagTypes().data?.types ?? [];
  const save = useSaveRule();
  const notify = useNotify();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'keyword' | 'regex'>('keyword');
  const [matches, setMatches] = useState('');
  const [type, setType] = useState<string | null>('7');
  const submit = () =>
    save.mutate(
      {
        id: null,
        body: {
          name,
          kind,
          flag_type_id: Number(type),
          ...(kind === 'regex' ? { pattern: matches.trim() } : { terms: splitTerms(matches) }),
        },
      },
      {
        onSuccess: () => {
          notify.success(t('moderation.rules.created'));
          setName('');
          setMatches('');
        },
        onError: (error) => notify.error(error),
      },
    );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-rule">
      <Title order={2} size="h4" id="new-rule" mb="sm">
        {t('moderation.rules.new')}
      </Title>
      <Stack gap="sm" maw={640}>
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('moderation.rules.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('moderation.rules.kind')}
            data={(['keyword', 'regex'] as const).map((k) => ({
              value: k,
              label: t(`moderation.rules.kinds.${k}`),
            }))}
            value={kind}
            onChange={(value) => setKind(value === 'regex' ? 'regex' : 'keyword')}
            allowDeselect={false}
          />
          <Select
            label={t('moderation.columns.type')}
            data={types.map((x) => ({ value: String(x.id), label: x.name }))}
            value={type}
            onChange={setType}
            allowDeselect={false}
          />
        </Group>
        <Textarea
          label={kind === 'regex' ? t('moderation.rules.pattern') : t('moderation.rules.terms')}
          value={matches}
          onChange={(e) => setMatches(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group>
          <Button onClick={submit} disabled={!name || !matches.trim() || !type} loading={save.isPending}>
            {t('moderation.types.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
