import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  List,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconInfoCircle,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { type RefObject, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricView } from '../../../../common/api/audit.js';
import { RUBRIC_LIMITS } from '../../../../common/limits.js';
import { useFormatDateTime } from '../../ui/format.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import { useDecimalSeparator } from './format.js';
import { focusFirstInvalid, useProblemText } from './problems.js';
import { useRubric, useSaveRubric } from './queries.js';
import {
  hasProblems,
  moveRow,
  newRow,
  type RowProblems,
  type RubricProblems,
  type RubricRow,
  rowsChanged,
  serverRubricProblems,
  toItems,
  toRows,
  validateRows,
} from './rubric-form.js';
import { serverProblems } from './server-errors.js';

/** The "Rubric" tab: the current version, edited as a list; saving makes a new version. */
export function RubricTab() {
  const rubric = useRubric();
  if (rubric.data) return <RubricEditor latest={rubric.data} />;
  return <QueryPending query={rubric} />;
}

const NO_PROBLEMS: RubricProblems = { rows: {} };

/** Lower case, and spaces or dashes as underscores, so typing "Opt out" gives a valid key. */
const keyInput = (text: string) => text.toLowerCase().replace(/[\s-]+/g, '_');

/** The editor's state: the rows being edited, their problems, and the version they started from. */
function useRubricEditor(latest: RubricView, formRef: RefObject<HTMLFormElement | null>) {
  const { t } = useTranslation();
  const notify = useNotify();
  const save = useSaveRubric();
  /** The version the edits started from. */
  const [base, setBase] = useState(latest);
  const [rows, setRows] = useState(() => toRows(latest.items));
  const [problems, setProblems] = useState<RubricProblems>(NO_PROBLEMS);
  const dirty = rowsChanged(rows, base.items);

  // A version saved elsewhere replaces an untouched editor; with edits under way, it is only announced.
  if (latest.id !== base.id && !dirty) {
    setBase(latest);
    setRows(toRows(latest.items));
  }
  const newer = latest.id !== base.id ? latest : null;

  const load = (rubric: RubricView) => {
    setBase(rubric);
    setRows(toRows(rubric.items));
    setProblems(NO_PROBLEMS);
  };

  const editRow = (id: string, change: Partial<Omit<RubricRow, 'id'>>) => {
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...change } : row)));
    setProblems((current) => {
      const rowProblems = current.rows[id];
      if (!rowProblems) return current;
      const remaining: RowProblems = { ...rowProblems };
      for (const field of Object.keys(change)) delete remaining[field as keyof RowProblems];
      return { ...current, rows: { ...current.rows, [id]: remaining } };
    });
  };

  const changeList = (next: RubricRow[]) => {
    setRows(next);
    // Count problems no longer hold once the list changes; a row's own problems follow it.
    setProblems((current) => ({ rows: current.rows }));
  };

  const submit = () => {
    const found = validateRows(rows);
    setProblems(found);
    if (hasProblems(found)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    if (!dirty) return;
    const sent = rows;
    save.mutate(
      { items: toItems(sent) },
      {
        onSuccess: (saved) => {
          load(saved);
          notify.success(t('auditAdmin.rubric.saved', { version: saved.version }));
        },
        onError: (error) => {
          setProblems(serverRubricProblems(sent, serverProblems(error)));
          focusFirstInvalid(formRef.current);
          notify.error(error, t('auditAdmin.rubric.saveFailed'));
        },
      },
    );
  };

  return { base, rows, problems, dirty, newer, saving: save.isPending, load, editRow, changeList, submit };
}

function RubricEditor({ latest }: { latest: RubricView }) {
  const problemText = useProblemText();
  const formRef = useRef<HTMLFormElement>(null);
  const editor = useRubricEditor(latest, formRef);
  const { base, rows, problems, newer, changeList } = editor;

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        editor.submit();
      }}
      data-testid="rubric-form"
    >
      <Stack gap="lg" maw={960}>
        <RubricVersionCard base={base} />
        {newer && <NewerVersionAlert newer={newer} onLoad={() => editor.load(newer)} />}
        <RubricGuide />

        <Stack gap="md" data-testid="rubric-items">
          {rows.map((row, index) => (
            <RubricRowEditor
              key={row.id}
              row={row}
              index={index}
              count={rows.length}
              problems={problems.rows[row.id]}
              problemText={problemText}
              onChange={(change) => editor.editRow(row.id, change)}
              onMove={(by) => changeList(moveRow(rows, index, by))}
              onRemove={() => changeList(rows.filter((other) => other.id !== row.id))}
            />
          ))}
          <EmptyRubric rows={rows} />
        </Stack>

        <AddRowButton rows={rows} onAdd={() => changeList([...rows, newRow()])} />
        <RubricListAlerts rows={rows} problem={problems.list} problemText={problemText} />
        <RubricFooter
          dirty={editor.dirty}
          saving={editor.saving}
          nextVersion={Math.max(base.version, latest.version) + 1}
          onReset={() => editor.load(base)}
        />
      </Stack>
    </form>
  );
}

/** Which version is being edited and when it was saved; saving never changes it in place. */
function RubricVersionCard({ base }: { base: RubricView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={2} size="h4">
            {t('auditAdmin.rubric.current')}
          </Title>
          <Badge variant="light" size="lg" data-testid="rubric-version">
            {t('auditAdmin.rubric.version', { version: base.version })}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" data-testid="rubric-saved-at">
          {t('auditAdmin.rubric.savedAt', { time: formatDateTime(base.created_at) })}
        </Text>
        <Alert color="blue" variant="light" icon={<IconInfoCircle />} data-testid="rubric-versioning">
          {t('auditAdmin.rubric.versioning')}
        </Alert>
      </Stack>
    </Paper>
  );
}

/** Someone saved a version while this one was being edited. */
function NewerVersionAlert({ newer, onLoad }: { newer: RubricView; onLoad: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle />}
      title={t('auditAdmin.rubric.newerTitle', { version: newer.version })}
      data-testid="rubric-newer"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('auditAdmin.rubric.newerBody')}</Text>
        <Button size="xs" variant="light" color="yellow" onClick={onLoad} data-testid="rubric-load-newer">
          {t('auditAdmin.rubric.loadNewer', { version: newer.version })}
        </Button>
      </Stack>
    </Alert>
  );
}

function EmptyRubric({ rows }: { rows: readonly RubricRow[] }) {
  const { t } = useTranslation();
  if (rows.length > 0) return null;
  return (
    <Text c="dimmed" ta="center" py="md" data-testid="rubric-empty">
      {t('auditAdmin.rubric.empty')}
    </Text>
  );
}

function AddRowButton({ rows, onAdd }: { rows: readonly RubricRow[]; onAdd: () => void }) {
  const { t } = useTranslation();
  const full = rows.length >= RUBRIC_LIMITS.maxItems;
  return (
    <Group>
      <Button
        variant="light"
        leftSection={<IconPlus size={16} aria-hidden />}
        disabled={full}
        onClick={onAdd}
        data-testid="rubric-add"
      >
        {t('auditAdmin.rubric.add')}
      </Button>
      {full && (
        <Text size="sm" c="dimmed">
          {t('auditAdmin.rubric.full', { max: RUBRIC_LIMITS.maxItems })}
        </Text>
      )}
    </Group>
  );
}

interface RubricListAlertsProps {
  rows: readonly RubricRow[];
  problem: RubricProblems['list'];
  problemText: ReturnType<typeof useProblemText>;
}

/** Warnings and problems of the list as a whole (weights, number of items). */
function RubricListAlerts({ rows, problem, problemText }: RubricListAlertsProps) {
  const { t } = useTranslation();
  const allWeightsZero =
    rows.length > 0 && rows.every((row) => Number(row.weight) === 0 && row.weight !== '');
  return (
    <>
      {allWeightsZero && (
        <Alert color="yellow" icon={<IconAlertTriangle />} data-testid="rubric-zero-weights">
          {t('auditAdmin.rubric.zeroWeights')}
        </Alert>
      )}
      {problem && (
        <Alert color="red" icon={<IconAlertTriangle />} data-testid="rubric-error">
          {problem.code === 'min'
            ? t('auditAdmin.rubric.tooFew', { min: problem.min })
            : problem.code === 'max'
              ? t('auditAdmin.rubric.tooMany', { max: problem.max })
              : problemText(problem)}
        </Alert>
      )}
    </>
  );
}

interface RubricFooterProps {
  dirty: boolean;
  saving: boolean;
  /** The version a save would create. */
  nextVersion: number;
  onReset: () => void;
}

function RubricFooter({ dirty, saving, nextVersion, onReset }: RubricFooterProps) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" data-testid="rubric-changes">
        {dirty
          ? t('auditAdmin.rubric.willCreate', { version: nextVersion })
          : t('auditAdmin.rubric.unchanged')}
      </Text>
      <Group gap="sm">
        <Button variant="default" disabled={!dirty || saving} onClick={onReset} data-testid="rubric-reset">
          {t('auditAdmin.discard')}
        </Button>
        <Button type="submit" disabled={!dirty} loading={saving} data-testid="rubric-save">
          {t('auditAdmin.rubric.save')}
        </Button>
      </Group>
    </Group>
  );
}

/** What each field means, once for the whole list rather than under every row. */
function RubricGuide() {
  const { t } = useTranslation();
  const fields = ['key', 'label', 'description', 'weight', 'critical'] as const;
  return (
    <Stack gap={6} data-testid="rubric-guide">
      <Text size="sm" c="dimmed">
        {t('auditAdmin.rubric.orderHint', { max: RUBRIC_LIMITS.maxItems })}
      </Text>
      <List size="sm" c="dimmed" spacing={2}>
        {fields.map((field) => (
          <List.Item key={field}>
            <Text span size="sm" fw={600} c="var(--mantine-color-text)">
              {t(`auditAdmin.rubric.fields.${field}`)}
            </Text>
            {': '}
            {t(`auditAdmin.rubric.guide.${field}`)}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

interface RubricRowEditorProps {
  row: RubricRow;
  index: number;
  count: number;
  problems: RowProblems | undefined;
  problemText: ReturnType<typeof useProblemText>;
  onChange: (change: Partial<Omit<RubricRow, 'id'>>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

function RubricRowEditor({
  row,
  index,
  count,
  problems,
  problemText,
  onChange,
  onMove,
  onRemove,
}: RubricRowEditorProps) {
  const { t } = useTranslation();
  const decimalSeparator = useDecimalSeparator();
  const number = index + 1;
  const name = row.label.trim() || t('auditAdmin.rubric.itemN', { number });

  return (
    <Paper withBorder radius="md" p="md" data-testid="rubric-item" data-index={index} data-key={row.key}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Badge variant="default" radius="sm" aria-hidden>
              {number}
            </Badge>
            <Text fw={600}>{name}</Text>
            {row.critical && (
              <Badge color="red" variant="light">
                {t('audit.rubric.critical')}
              </Badge>
            )}
          </Group>
          <RowActions name={name} index={index} count={count} onMove={onMove} onRemove={onRemove} />
        </Group>

        <Grid gap="md" align="flex-start">
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              label={t('auditAdmin.rubric.fields.key')}
              withAsterisk
              value={row.key}
              onChange={(event) => onChange({ key: keyInput(event.currentTarget.value) })}
              error={problemText(problems?.key)}
              autoComplete="off"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="rubric-item-key"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 5 }}>
            <TextInput
              label={t('auditAdmin.rubric.fields.label')}
              withAsterisk
              value={row.label}
              onChange={(event) => onChange({ label: event.currentTarget.value })}
              error={problemText(problems?.label)}
              autoComplete="off"
              data-testid="rubric-item-label"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <NumberInput
              label={t('auditAdmin.rubric.fields.weight')}
              value={row.weight}
              onChange={(weight) => onChange({ weight })}
              min={RUBRIC_LIMITS.weight.min}
              max={RUBRIC_LIMITS.weight.max}
              allowNegative={false}
              decimalScale={2}
              decimalSeparator={decimalSeparator}
              error={problemText(problems?.weight)}
              data-testid="rubric-item-weight"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <Switch
              label={t('auditAdmin.rubric.fields.critical')}
              checked={row.critical}
              onChange={(event) => onChange({ critical: event.currentTarget.checked })}
              error={problemText(problems?.critical)}
              mt={{ base: 0, md: 32 }}
              data-testid="rubric-item-critical"
            />
          </Grid.Col>
        </Grid>
        <Textarea
          label={t('auditAdmin.rubric.fields.description')}
          value={row.description}
          onChange={(event) => onChange({ description: event.currentTarget.value })}
          error={problemText(problems?.description)}
          autosize
          minRows={1}
          maxRows={4}
          data-testid="rubric-item-description"
        />
      </Stack>
    </Paper>
  );
}

interface RowActionsProps {
  /** The item's name, for the buttons' accessible labels. */
  name: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** Move up, move down and remove; a rubric keeps at least its minimum number of items. */
function RowActions({ name, index, count, onMove, onRemove }: RowActionsProps) {
  const { t } = useTranslation();
  const moveUp = t('auditAdmin.rubric.moveUp', { name });
  const moveDown = t('auditAdmin.rubric.moveDown', { name });
  const remove = t('auditAdmin.rubric.remove', { name });
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={moveUp}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={moveUp}
          disabled={index === 0}
          onClick={() => onMove(-1)}
          data-testid="rubric-item-up"
        >
          <IconArrowUp size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={moveDown}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={moveDown}
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          data-testid="rubric-item-down"
        >
          <IconArrowDown size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={remove}>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={remove}
          disabled={count <= RUBRIC_LIMITS.minItems}
          onClick={onRemove}
          data-testid="rubric-item-remove"
        >
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
