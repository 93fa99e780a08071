import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { freePower, moveItem } from './bundle-model.js';
import { CHANNEL_LIMITS, type ChannelName, type ChoiceOption, type YesNoGroupItem } from './engine.js';

/** The error the validator reports at a path under the question (`options[0].label`…), translated. */
export type FieldError = (suffix: string) => string | undefined;

/** The tightest button limits of the channels the bot is attached to (none: no limit). */
export function buttonLimits(channels: readonly ChannelName[]) {
  let label: { max: number; channel: ChannelName } | null = null;
  let count: { max: number; channel: ChannelName } | null = null;
  for (const channel of channels) {
    const limits = CHANNEL_LIMITS[channel];
    if (!limits) continue;
    if (!label || limits.maxLabel < label.max) label = { max: limits.maxLabel, channel };
    if (!count || limits.maxOptions < count.max) count = { max: limits.maxOptions, channel };
  }
  return { label, count };
}

/** Label length as the channels count it: code points. */
function lengthOf(text: string) {
  return [...text].length;
}

/** Move up, move down and remove buttons of one row of a list. */
function RowActions(props: {
  index: number;
  count: number;
  what: string;
  onChange(to: number | null): void;
}) {
  const { t } = useTranslation();
  const { index, count, what } = props;
  return (
    <Group gap={2} wrap="nowrap" pt={24}>
      <ActionIcon
        variant="subtle"
        size="sm"
        disabled={index === 0}
        onClick={() => props.onChange(index - 1)}
        aria-label={t('chatbots.studio.rows.up', { what })}
      >
        <IconArrowUp size={14} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        size="sm"
        disabled={index === count - 1}
        onClick={() => props.onChange(index + 1)}
        aria-label={t('chatbots.studio.rows.down', { what })}
      >
        <IconArrowDown size={14} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="red"
        size="sm"
        onClick={() => props.onChange(null)}
        aria-label={t('chatbots.studio.rows.remove', { what })}
      >
        <IconTrash size={14} />
      </ActionIcon>
    </Group>
  );
}

/** A list of rows with a title and an "add" button; `onRow(index, to)` moves a row, or removes it (null). */
function Rows<T>(props: {
  title: string;
  items: readonly T[];
  addLabel: string;
  error?: string | undefined;
  testId: string;
  onChange(items: T[]): void;
  make(): T;
  row(item: T, index: number, actions: ReactNode): ReactNode;
  what(item: T, index: number): string;
}) {
  const { items, onChange } = props;
  const act = (index: number) => (to: number | null) =>
    onChange(to === null ? items.filter((_, i) => i !== index) : moveItem(items, index, to));
  return (
    <Stack gap="xs" data-testid={props.testId}>
      <Text size="sm" fw={500}>
        {props.title}
      </Text>
      {props.error && (
        <Text size="sm" c="red">
          {props.error}
        </Text>
      )}
      {items.map((item, index) =>
        props.row(
          item,
          index,
          <RowActions
            index={index}
            count={items.length}
            what={props.what(item, index)}
            onChange={act(index)}
          />,
        ),
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...items, props.make()])}
          data-testid={`${props.testId}-add`}
        >
          {props.addLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/** `onlychoice`: each option's value (what is stored) and label (the button), in order. */
export function OptionsEditor(props: {
  options: readonly ChoiceOption[];
  channels: readonly ChannelName[];
  fieldError: FieldError;
  onChange(options: ChoiceOption[]): void;
}) {
  const { t } = useTranslation();
  const limits = buttonLimits(props.channels);
  const set = (index: number, patch: Partial<ChoiceOption>) =>
    props.onChange(props.options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  return (
    <Rows
      title={t('chatbots.studio.options.title')}
      items={props.options}
      addLabel={t('chatbots.studio.options.add')}
      error={props.fieldError('options')}
      testId="options"
      onChange={props.onChange}
      make={() => ({ value: '', label: '' })}
      what={(option, i) => option.label || t('chatbots.studio.options.nth', { n: i + 1 })}
      row={(option, index, actions) => (
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="option-row">
          <TextInput
            label={t('chatbots.studio.options.value')}
            w={150}
            value={option.value}
            onChange={(event) => set(index, { value: event.currentTarget.value })}
            error={props.fieldError(`options[${index}].value`)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="option-value"
          />
          <TextInput
            label={t('chatbots.studio.options.label')}
            style={{ flex: 1 }}
            value={option.label}
            onChange={(event) => set(index, { label: event.currentTarget.value })}
            description={
              limits.label
                ? t('chatbots.studio.options.length', {
                    length: lengthOf(option.label),
                    max: limits.label.max,
                    channel: t(`chatbots.studio.channelNames.${limits.label.channel}`),
                  })
                : undefined
            }
            error={props.fieldError(`options[${index}].label`)}
            data-testid="option-label"
          />
          {actions}
        </Group>
      )}
    />
  );
}

/** `yesnogroup`: one yes/no per item, its power of two and the name its answer is stored under. */
export function YesNoGroupEditor(props: {
  code: string;
  items: readonly YesNoGroupItem[];
  fieldError: FieldError;
  onChange(items: YesNoGroupItem[]): void;
}) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<YesNoGroupItem>) =>
    props.onChange(props.items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  return (
    <Rows
      title={t('chatbots.studio.group.title')}
      items={props.items}
      addLabel={t('chatbots.studio.group.add')}
      error={props.fieldError('yesnogroup')}
      testId="group-items"
      onChange={props.onChange}
      make={() => ({ question: '', power2answer: freePower(props.items), referencia: '' })}
      what={(item, i) => item.referencia || t('chatbots.studio.group.nth', { n: i + 1 })}
      row={(item, index, actions) => (
        <Paper key={index} withBorder p="xs" data-testid="group-item">
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Textarea
              label={t('chatbots.studio.group.question')}
              style={{ flex: 1 }}
              autosize
              minRows={1}
              value={item.question}
              onChange={(event) => set(index, { question: event.currentTarget.value })}
              error={props.fieldError(`yesnogroup[${index}].question`)}
            />
            <NumberInput
              label={t('chatbots.studio.group.power')}
              w={110}
              min={1}
              value={item.power2answer}
              onChange={(value) =>
                set(index, { power2answer: typeof value === 'number' ? value : Number(value) || 0 })
              }
              error={props.fieldError(`yesnogroup[${index}].power2answer`)}
            />
            <TextInput
              label={t('chatbots.studio.group.referencia')}
              w={130}
              value={item.referencia}
              onChange={(event) => set(index, { referencia: event.currentTarget.value })}
              description={item.referencia ? `${props.code}_${item.referencia}` : undefined}
              error={props.fieldError(`yesnogroup[${index}].referencia`)}
            />
            {actions}
          </Group>
        </Paper>
      )}
    />
  );
}

/** Intro texts: sent before the question, with its relevance. */
export function IntroEditor(props: {
  intro: readonly string[];
  fieldError: FieldError;
  onChange(intro: string[]): void;
}) {
  const { t } = useTranslation();
  return (
    <Rows
      title={t('chatbots.studio.intro.title')}
      items={props.intro}
      addLabel={t('chatbots.studio.intro.add')}
      testId="intro"
      onChange={props.onChange}
      make={() => ''}
      what={(_, i) => t('chatbots.studio.intro.nth', { n: i + 1 })}
      row={(text, index, actions) => (
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <Textarea
            label={t('chatbots.studio.intro.nth', { n: index + 1 })}
            style={{ flex: 1 }}
            autosize
            minRows={1}
            value={text}
            onChange={(event) =>
              props.onChange(props.intro.map((line, i) => (i === index ? event.currentTarget.value : line)))
            }
            error={props.fieldError(`intro[${index}]`)}
            data-testid="intro-text"
          />
          {actions}
        </Group>
      )}
    />
  );
}
