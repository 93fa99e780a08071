import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGitBranch, IconGripVertical, IconPlus } from '@tabler/icons-react';
import { type DragEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepLookup } from './canvas/flow-graph.js';
import { StepNumbersLine } from './canvas/step-numbers.js';
import { QUESTION_TYPES, type Question, type QuestionType } from './engine.js';

interface QuestionListProps {
  readonly questions: readonly Question[];
  readonly selected: number;
  /** Where people drop off: each question is the step of its code (as on the canvas). */
  readonly steps: StepLookup;
  /** Errors per question index. */
  readonly errorCounts: readonly number[];
  onSelect(index: number): void;
  onMove(from: number, to: number): void;
  onAdd(type: QuestionType): void;
}

/**
 * The questionnaire in the order it is asked: pick a question to edit it; drag one to another
 * place, or move it with its arrow buttons or Alt+↑ / Alt+↓ (a move is read out).
 */
export function QuestionList({
  questions,
  selected,
  steps,
  errorCounts,
  onSelect,
  onMove,
  onAdd,
}: QuestionListProps) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const move = (from: number, to: number) => {
    if (to < 0 || to >= questions.length || from === to) return;
    onMove(from, to);
    setAnnouncement(t('chatbots.studio.list.moved', { code: questions[from]?.code ?? '', position: to + 1 }));
    // The moved question stays the one being edited, and keeps the focus.
    requestAnimationFrame(() => document.getElementById(itemId(to))?.focus());
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    move(index, event.key === 'ArrowUp' ? index - 1 : index + 1);
  };
  const drop = (event: DragEvent, index: number) => {
    event.preventDefault();
    if (dragging !== null) move(dragging, index);
    setDragging(null);
    setOver(null);
  };

  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed" id="question-list-hint">
        {t('chatbots.studio.list.hint')}
      </Text>
      <Stack
        component="ol"
        gap={6}
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('chatbots.studio.list.label')}
        data-testid="question-list"
      >
        {questions.map((question, index) => (
          <Box
            component="li"
            // biome-ignore lint/suspicious/noArrayIndexKey: a code may repeat; the position is the identity here
            key={`${index}-${question.code}`}
            draggable
            onDragStart={(event: DragEvent) => {
              event.dataTransfer.effectAllowed = 'move';
              event.dataTransfer.setData('text/plain', question.code);
              setDragging(index);
            }}
            onDragOver={(event: DragEvent) => {
              event.preventDefault();
              setOver(index);
            }}
            onDragEnd={() => {
              setDragging(null);
              setOver(null);
            }}
            onDrop={(event: DragEvent) => drop(event, index)}
            data-testid="question-item"
            data-code={question.code}
            data-biggest={steps.biggest(question.code)}
          >
            <QuestionItem
              question={question}
              index={index}
              count={questions.length}
              selected={index === selected}
              target={over === index && dragging !== index}
              errors={errorCounts[index] ?? 0}
              steps={steps}
              onSelect={() => onSelect(index)}
              onKeyDown={(event) => onKeyDown(event, index)}
              onMove={(to) => move(index, to)}
            />
          </Box>
        ))}
      </Stack>
      <VisuallyHidden role="status" data-testid="question-list-live">
        {announcement}
      </VisuallyHidden>
      <AddQuestion onAdd={onAdd} />
    </Stack>
  );
}

function itemId(index: number) {
  return `question-item-${index}`;
}

function QuestionItem(props: {
  question: Question;
  index: number;
  count: number;
  selected: boolean;
  target: boolean;
  errors: number;
  steps: StepLookup;
  onSelect(): void;
  onKeyDown(event: KeyboardEvent): void;
  onMove(to: number): void;
}) {
  const { t } = useTranslation();
  const { question, index, selected } = props;
  const conditional = (question.relevance ?? '').trim() !== '' && question.relevance?.trim() !== '1';
  const biggest = props.steps.biggest(question.code);
  return (
    <Paper
      withBorder
      radius="sm"
      px={6}
      py={4}
      bg={selected ? 'var(--mantine-color-blue-light)' : undefined}
      style={{
        borderColor: borderOf(props.target, biggest),
        borderWidth: biggest ? 2 : undefined,
        cursor: 'grab',
      }}
    >
      <Group gap={4} wrap="nowrap" align="center">
        <IconGripVertical size={14} aria-hidden style={{ flexShrink: 0, opacity: 0.5 }} />
        <Box
          component="button"
          type="button"
          id={itemId(index)}
          onClick={props.onSelect}
          onKeyDown={props.onKeyDown}
          aria-current={selected ? 'true' : undefined}
          aria-describedby="question-list-hint"
          style={{ all: 'unset', flex: 1, minWidth: 0, cursor: 'pointer' }}
          data-testid="question-select"
        >
          <Group gap={6} wrap="nowrap">
            <Text size="xs" c="dimmed" w={18} ta="right">
              {index + 1}
            </Text>
            <Text size="sm" fw={600} ff="monospace" truncate>
              {question.code}
            </Text>
            {conditional && <IconGitBranch size={12} aria-label={t('chatbots.studio.list.conditional')} />}
            {props.errors > 0 && (
              <Badge size="xs" color="red" variant="light">
                {t('chatbots.studio.draft.problems', { count: props.errors })}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" truncate pl={24}>
            {t(`chatbots.studio.types.${question.type}`, { defaultValue: question.type })}
            {question.question ? ` · ${question.question}` : ''}
          </Text>
        </Box>
        <ActionIcon
          variant="subtle"
          size="sm"
          disabled={index === 0}
          onClick={() => props.onMove(index - 1)}
          aria-label={t('chatbots.studio.list.moveUp', { code: question.code })}
          data-testid="question-up"
        >
          <IconArrowUp size={14} />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          size="sm"
          disabled={index === props.count - 1}
          onClick={() => props.onMove(index + 1)}
          aria-label={t('chatbots.studio.list.moveDown', { code: question.code })}
          data-testid="question-down"
        >
          <IconArrowDown size={14} />
        </ActionIcon>
      </Group>
      <Box pl={42}>
        <StepNumbersLine numbers={props.steps.numbers(question.code)} biggest={biggest} />
      </Box>
    </Paper>
  );
}

/** A drop target in blue; else one of the biggest drop-offs in orange, as on the canvas. */
function borderOf(target: boolean, biggest: boolean): string | undefined {
  if (target) return 'var(--mantine-color-blue-6)';
  return biggest ? 'var(--mantine-color-orange-filled)' : undefined;
}

function AddQuestion({ onAdd }: { onAdd(type: QuestionType): void }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} data-testid="add-question">
          {t('chatbots.studio.list.add')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {QUESTION_TYPES.map((type) => (
          <Menu.Item key={type} onClick={() => onAdd(type)} data-testid={`add-question-${type}`}>
            {t(`chatbots.studio.types.${type}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
