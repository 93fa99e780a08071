import {
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { type Ref, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricItem } from '../../../../common/api/audit.js';
import { AUDIT_LIMITS } from '../../../../common/limits.js';
import classes from './audit-screen.module.css';
import { KeyHint } from './key-hint.js';
import { ENTER_SUBMITS } from './use-audit-shortcuts.js';

/** Rubric items reachable with the number keys. */
export const KEYED_ITEMS = 9;

interface RubricPanelProps {
  items: readonly RubricItem[];
  /** Item key → passed. */
  scores: Record<string, boolean>;
  note: string;
  onToggle: (key: string) => void;
  onNoteChange: (note: string) => void;
  onSubmit: () => void;
  submitting: boolean;
  /** No unaudited conversation after this one: the button says "Submit" instead of "Submit and next". */
  last: boolean;
  /** In place of "Submit" (a correction says "Save correction"). */
  submitLabel?: string;
  noteRef: Ref<HTMLTextAreaElement>;
}

/** The rubric toggles (every item starts as passed), the note, and submit-and-next. */
export function RubricPanel(props: RubricPanelProps) {
  const { items, scores, note, onToggle, onNoteChange, onSubmit, submitting, last, submitLabel, noteRef } =
    props;
  const { t } = useTranslation();
  const failed = items.filter((item) => scores[item.key] === false).length;
  const panelRef = useRef<HTMLElement>(null);

  return (
    <Paper
      ref={panelRef}
      withBorder
      p="sm"
      component="section"
      aria-labelledby="audit-rubric-title"
      data-testid="rubric"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5" id="audit-rubric-title">
            {t('audit.rubric.title')}
          </Title>
          <Text size="xs" c={failed > 0 ? 'red' : 'dimmed'} aria-live="polite">
            {failed > 0 ? t('audit.rubric.failedCount', { count: failed }) : t('audit.rubric.allPassed')}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {t('audit.rubric.defaultHint')}
        </Text>
        <Stack gap={6}>
          {items.map((item, index) => (
            <RubricToggle
              key={item.key}
              item={item}
              shortcut={index < KEYED_ITEMS ? String(index + 1) : null}
              passed={scores[item.key] !== false}
              onToggle={() => onToggle(item.key)}
            />
          ))}
        </Stack>
        <Textarea
          ref={noteRef}
          label={
            <span className={classes.labelWithKey}>
              {t('audit.rubric.note')}
              <KeyHint>n</KeyHint>
            </span>
          }
          description={t('audit.rubric.noteHint', {
            escape: t('audit.keys.escape'),
            submit: t('audit.keys.ctrlEnter'),
          })}
          placeholder={t('audit.rubric.notePlaceholder')}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={AUDIT_LIMITS.noteMax}
          value={note}
          onChange={(event) => onNoteChange(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              // Back to the rubric (not to the body): the number keys and Enter work from there.
              event.preventDefault();
              panelRef.current?.querySelector<HTMLElement>('[aria-pressed]')?.focus();
            } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              onSubmit();
            }
          }}
          aria-keyshortcuts="n"
          data-testid="audit-note"
        />
        <Button
          onClick={onSubmit}
          loading={submitting}
          rightSection={<KeyHint>{t('audit.keys.enter')}</KeyHint>}
          aria-keyshortcuts="Enter"
          data-testid="submit-audit"
          {...ENTER_SUBMITS}
        >
          {submitLabel ?? (last ? t('audit.rubric.submitLast') : t('audit.rubric.submit'))}
        </Button>
      </Stack>
    </Paper>
  );
}

interface RubricToggleProps {
  item: RubricItem;
  shortcut: string | null;
  passed: boolean;
  onToggle: () => void;
}

/** One rubric item as a toggle button: pressed means passed. */
function RubricToggle({ item, shortcut, passed, onToggle }: RubricToggleProps) {
  const { t } = useTranslation();
  const descriptionId = useId();
  const button = (
    <UnstyledButton
      className={classes.rubricToggle}
      aria-pressed={passed}
      aria-describedby={descriptionId}
      aria-keyshortcuts={shortcut ?? undefined}
      onClick={onToggle}
      data-testid={`rubric-item-${item.key}`}
      {...ENTER_SUBMITS}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
        <Group gap="xs" wrap="nowrap" align="flex-start" miw={0}>
          {passed ? (
            <IconCircleCheck
              size={20}
              color="var(--mantine-color-green-7)"
              className={classes.icon}
              aria-hidden
            />
          ) : (
            <IconCircleX size={20} color="var(--mantine-color-red-7)" className={classes.icon} aria-hidden />
          )}
          <div>
            <Text span size="sm" fw={500}>
              {item.label}
            </Text>
            {item.critical && (
              <Badge size="xs" color="red" variant="outline" ml={6}>
                {t('audit.rubric.critical')}
              </Badge>
            )}
          </div>
        </Group>
        <Group gap="xs" wrap="nowrap" className={classes.icon}>
          {/* The name is the label (and "Critical"): aria-pressed says pass or fail, aria-keyshortcuts the key. */}
          <Text size="xs" fw={700} c={passed ? 'green' : 'red'} tt="uppercase" aria-hidden>
            {passed ? t('audit.rubric.pass') : t('audit.rubric.fail')}
          </Text>
          {shortcut && <KeyHint>{shortcut}</KeyHint>}
        </Group>
      </Group>
      <span id={descriptionId} hidden>
        {[item.description, item.critical ? t('audit.rubric.criticalHint') : ''].filter(Boolean).join(' ')}
      </span>
    </UnstyledButton>
  );

  if (!item.description && !item.critical) return button;
  return (
    <Tooltip
      label={[item.description, item.critical ? t('audit.rubric.criticalHint') : '']
        .filter(Boolean)
        .join(' ')}
      multiline
      w={320}
      openDelay={400}
      position="left"
      events={{ hover: true, focus: true, touch: false }}
    >
      {button}
    </Tooltip>
  );
}
