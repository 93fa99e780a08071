import { Alert, Badge, Code, Group, List, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleDiffView } from '../../../../common/api/bot-studio.js';
import type { BotDetail } from '../../../../common/api/chatbot.js';
import { api } from '../../api/client.js';
import { ErrorState } from '../../ui/error-state.js';
import { IssueList, issuesOf } from '../issue-list.js';
import { botKeys } from '../queries.js';

type ListDiff = BundleDiffView['nodes'] | BundleDiffView['questionnaires'];
type FieldChange = BundleDiffView['settings'][number];
type Keyed = { key: string; fields: FieldChange[] };
type SmallList = {
  added: unknown[];
  removed: unknown[];
  changed: Keyed[];
  order: { before: string[]; after: string[] } | null;
};

export function useBundleDiff(botId: number, from: string | null, to: string | null) {
  return useQuery({
    queryKey: [...botKeys.detail(botId), 'diff', from, to],
    queryFn: ({ signal }) =>
      api.get<BundleDiffView>(`/api/bots/${botId}/diff?from=${from}&to=${to}`, { signal }),
    enabled: from !== null && to !== null,
    // A revision never changes; the draft does (and is asked again when the tab opens).
    staleTime: to === 'draft' || from === 'draft' ? 0 : Number.POSITIVE_INFINITY,
  });
}

/** Two revisions (or a revision and the draft) picked, and what changed from one to the other. */
export function RevisionCompare({
  bot,
  from,
  to,
  onPick,
}: {
  bot: BotDetail;
  from: string | null;
  to: string | null;
  onPick(from: string | null, to: string | null): void;
}) {
  const { t } = useTranslation();
  const diff = useBundleDiff(bot.id, from, to);
  const sides = [
    { value: 'draft', label: t('chatbots.studio.diff.draft') },
    ...bot.revisions.map((r) => ({
      value: String(r.number),
      label: t('chatbots.revisionN', { number: r.number }),
    })),
  ];
  const refused = issuesOf(diff.error);
  return (
    <Stack gap="sm" data-testid="revision-compare">
      <Title order={2} size="h4">
        {t('chatbots.studio.diff.title')}
      </Title>
      <Group gap="sm" align="flex-end">
        <Select
          label={t('chatbots.studio.diff.from')}
          data={sides}
          value={from}
          onChange={(value) => onPick(value, to)}
          w={200}
          data-testid="diff-from"
        />
        <Select
          label={t('chatbots.studio.diff.to')}
          data={sides}
          value={to}
          onChange={(value) => onPick(from, value)}
          w={200}
          data-testid="diff-to"
        />
      </Group>
      {diff.isLoading && <Loader size="sm" />}
      {refused ? (
        <IssueList title={t('chatbots.studio.diff.draftInvalid')} issues={refused} />
      ) : (
        diff.isError && <ErrorState error={diff.error} />
      )}
      {diff.data && <DiffView diff={diff.data} />}
    </Stack>
  );
}

function isEmpty(list: { added: unknown[]; removed: unknown[]; changed: unknown[]; order: unknown }) {
  return (
    list.added.length === 0 && list.removed.length === 0 && list.changed.length === 0 && list.order === null
  );
}

/** A value as a short text: text quoted, lists joined, anything else as JSON. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `“${value}”`;
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.map(shown).join(', ');
  return JSON.stringify(value);
}

function Fields({ fields }: { fields: readonly FieldChange[] }) {
  const { t } = useTranslation();
  return fields.map((change) => (
    <List.Item key={change.field}>
      {t('chatbots.studio.diff.field', {
        field: change.field,
        before: shown(change.before),
        after: shown(change.after),
      })}
    </List.Item>
  ));
}

function Order({ order }: { order: { before: string[]; after: string[] } | null }) {
  const { t } = useTranslation();
  if (!order) return null;
  return (
    <List.Item>
      {t('chatbots.studio.diff.order', { before: order.before.join(', '), after: order.after.join(', ') })}
    </List.Item>
  );
}

/** An element added (+, green) or removed (−, red). */
function Mark({ sign, children }: { sign: '+' | '−'; children: ReactNode }) {
  const added = sign === '+';
  return (
    <List.Item
      icon={
        <Badge size="xs" color={added ? 'green' : 'red'} variant="light">
          {sign}
        </Badge>
      }
      data-testid={added ? 'diff-added' : 'diff-removed'}
    >
      {children}
    </List.Item>
  );
}

const Added = ({ children }: { children: ReactNode }) => <Mark sign="+">{children}</Mark>;
const Removed = ({ children }: { children: ReactNode }) => <Mark sign="−">{children}</Mark>;

/** Options, quick replies or yes/no items of one question or node. */
function Small({ list, name, label }: { list: SmallList; name: string; label(item: unknown): string }) {
  if (isEmpty(list)) return null;
  return (
    <List.Item>
      {name}
      <List withPadding size="sm">
        {list.added.map((item) => (
          <Added key={`+${label(item)}`}>{label(item)}</Added>
        ))}
        {list.removed.map((item) => (
          <Removed key={`-${label(item)}`}>{label(item)}</Removed>
        ))}
        {list.changed.map((change) => (
          <List.Item key={change.key}>
            <Code>{change.key}</Code>
            <List withPadding size="sm">
              <Fields fields={change.fields} />
            </List>
          </List.Item>
        ))}
        <Order order={list.order} />
      </List>
    </List.Item>
  );
}

/** What changed, section by section; "No changes" when nothing did. */
export function DiffView({ diff }: { diff: BundleDiffView }) {
  const { t } = useTranslation();
  const nothing =
    diff.settings.length === 0 && isEmpty(diff.nodes as ListDiff) && isEmpty(diff.questionnaires as ListDiff);
  if (nothing)
    return (
      <Alert color="gray" data-testid="diff-none">
        {t('chatbots.studio.diff.none')}
      </Alert>
    );
  const record = (item: unknown) => item as Record<string, string | number>;
  return (
    <Paper withBorder p="md" data-testid="diff-view">
      <Stack gap="md">
        {diff.settings.length > 0 && (
          <Section title={t('chatbots.studio.diff.settings')}>
            <Fields fields={diff.settings} />
          </Section>
        )}
        {!isEmpty(diff.nodes) && (
          <Section title={t('chatbots.studio.diff.nodes')}>
            {diff.nodes.added.map((node) => (
              <Added
                key={node.code}
              >{`${node.code} (${t(`chatbots.studio.diff.nodeTypes.${node.type}`, { defaultValue: node.type })})`}</Added>
            ))}
            {diff.nodes.removed.map((node) => (
              <Removed key={node.code}>{node.code}</Removed>
            ))}
            {diff.nodes.changed.map((node) => (
              <List.Item key={node.code}>
                <Code>{node.code}</Code>
                <List withPadding size="sm">
                  <Fields fields={node.fields} />
                  <Small
                    list={node.quick_replies}
                    name={t('chatbots.studio.diff.quickReplies')}
                    label={(r) => `${shown(record(r).label)} → ${record(r).metadata}`}
                  />
                </List>
              </List.Item>
            ))}
          </Section>
        )}
        {!isEmpty(diff.questionnaires) && <QuestionnaireChanges diff={diff} />}
      </Stack>
    </Paper>
  );
}

function QuestionnaireChanges({ diff }: { diff: BundleDiffView }) {
  const { t } = useTranslation();
  const record = (item: unknown) => item as Record<string, string | number>;
  const { questionnaires } = diff;
  return (
    <Section title={t('chatbots.studio.diff.questionnaires')}>
      {questionnaires.added.map((q) => (
        <Added key={q.id}>{`${q.id} — ${q.name}`}</Added>
      ))}
      {questionnaires.removed.map((q) => (
        <Removed key={q.id}>{`${q.id} — ${q.name}`}</Removed>
      ))}
      {questionnaires.changed.map((q) => (
        <List.Item key={q.id} data-testid="diff-questionnaire">
          <Code>{q.id}</Code>
          <List withPadding size="sm">
            <Fields fields={q.fields} />
            {q.questions.added.map((question) => (
              <Added
                key={question.code}
              >{`${question.code} (${t(`chatbots.studio.types.${question.type}`, { defaultValue: question.type })}) ${shown(question.question)}`}</Added>
            ))}
            {q.questions.removed.map((question) => (
              <Removed key={question.code}>{question.code}</Removed>
            ))}
            {q.questions.changed.map((question) => (
              <List.Item key={question.code} data-testid="diff-question">
                <Code>{question.code}</Code>
                <List withPadding size="sm">
                  <Fields fields={question.fields} />
                  <Small
                    list={question.options}
                    name={t('chatbots.studio.options.title')}
                    label={(o) => `${record(o).value}: ${shown(record(o).label)}`}
                  />
                  <Small
                    list={question.items}
                    name={t('chatbots.studio.group.title')}
                    label={(i) => `${record(i).referencia}: ${shown(record(i).question)}`}
                  />
                </List>
              </List.Item>
            ))}
            <Order order={q.questions.order} />
          </List>
        </List.Item>
      ))}
    </Section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <List size="sm" spacing={4}>
        {children}
      </List>
    </Stack>
  );
}
