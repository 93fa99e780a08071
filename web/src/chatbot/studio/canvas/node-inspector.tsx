import { ActionIcon, Button, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addQuestionnaire, type EditableBundle, freeQuestionnaireId } from '../bundle-model.js';
import {
  addMessage,
  addReply,
  deleteNode,
  handOverTo,
  moveReply,
  removeReply,
  renameNode,
  replaceNode,
  setRole,
  updateReply,
} from './flow-edits.js';
import type { HandOverData, MessageData } from './flow-graph.js';
import { BoxIssues, StepNumbersTable } from './inspector-parts.js';

export interface EditProps {
  readonly bundle: EditableBundle;
  change(next: EditableBundle, mergeKey?: string): void;
  select(id: string | null): void;
}

/** Picks "a new message" in a button's target list: the node is made and the button leads to it. */
const NEW_TARGET = '\u0000new';

/** A node's code: renamed with what names it (buttons, roles, tag scenarios), or refused. */
/** A box's form: `focusCode` when the box was just added (its code takes the focus, once). */
interface FocusProps {
  readonly focusCode: boolean;
  onFocused(): void;
}

function CodeInput({
  bundle,
  index,
  change,
  focusCode,
  onFocused,
}: EditProps & FocusProps & { index: number }) {
  const { t } = useTranslation();
  const code = bundle.bot.nodes[index]?.code ?? '';
  const [value, setValue] = useState(code);
  const [refusal, setRefusal] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setValue(code);
    setRefusal(null);
  }, [code]);
  useEffect(() => {
    if (!focusCode) return;
    input.current?.focus();
    onFocused();
  }, [focusCode, onFocused]);
  const commit = () => {
    const result = renameNode(bundle, index, value);
    if (!result.ok) setRefusal(t(`chatbots.flow.inspector.rename.${result.refused}`, { code: value.trim() }));
    else if (result.bundle !== bundle) change(result.bundle);
  };
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        commit();
      }}
    >
      <TextInput
        ref={input}
        label={t('chatbots.flow.inspector.code')}
        description={t('chatbots.flow.inspector.codeHint')}
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        onBlur={commit}
        error={refusal}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-testid="node-code"
      />
    </form>
  );
}

function Roles({ bundle, index, change }: EditProps & { index: number }) {
  const { t } = useTranslation();
  const code = bundle.bot.nodes[index]?.code ?? '';
  return (
    <Group gap="xs">
      {(['entry', 'welcome_back'] as const).map((role) => (
        <Button
          key={role}
          size="compact-xs"
          variant={bundle.bot[role] === code ? 'filled' : 'default'}
          disabled={bundle.bot[role] === code || code === ''}
          onClick={() => change(setRole(bundle, role, code))}
          data-testid={`make-${role}`}
        >
          {bundle.bot[role] === code
            ? t(`chatbots.flow.inspector.is.${role}`)
            : t(`chatbots.flow.inspector.make.${role}`)}
        </Button>
      ))}
    </Group>
  );
}

function Messages({ bundle, index, change }: EditProps & { index: number }) {
  const { t } = useTranslation();
  const node = bundle.bot.nodes[index];
  if (node?.type !== 'text_message') return null;
  const set = (messages: string[], key?: string) =>
    change(replaceNode(bundle, index, { ...node, messages }), key);
  return (
    <Stack gap={4}>
      {node.messages.map((message, m) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: messages are known by their position
        <Group key={m} gap={4} align="flex-start" wrap="nowrap">
          <Textarea
            label={t('chatbots.flow.inspector.message', { n: m + 1 })}
            value={message}
            autosize
            minRows={2}
            maxRows={6}
            style={{ flex: 1 }}
            onChange={(event) =>
              set(
                node.messages.map((old, k) => (k === m ? event.currentTarget.value : old)),
                `message:${index}:${m}`,
              )
            }
            data-testid="node-message"
          />
          {node.messages.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="red"
              mt={24}
              aria-label={t('chatbots.flow.inspector.removeMessage', { n: m + 1 })}
              onClick={() => set(node.messages.filter((_, k) => k !== m))}
            >
              <IconX size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconPlus size={12} aria-hidden />}
        onClick={() => set([...node.messages, ''])}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('chatbots.flow.inspector.addMessage')}
      </Button>
    </Stack>
  );
}

/** The nodes a button may lead to, a target that does not exist, and "a new message". */
function targetChoices(bundle: EditableBundle, current: string, missingLabel: string, newLabel: string) {
  const codes = [...new Set(bundle.bot.nodes.map((n) => n.code).filter((c) => c !== ''))];
  const choices = codes.map((code) => ({ value: code, label: code }));
  if (current !== '' && !codes.includes(current)) choices.push({ value: current, label: missingLabel });
  return [...choices, { value: NEW_TARGET, label: newLabel }];
}

/**
 * One button: its label, order and target. `focused`: just added, its label takes the focus;
 * `picked`: its edge is picked on the canvas, it is marked (the focus stays on the canvas).
 */
function ReplyRow(
  props: EditProps & { index: number; reply: number; count: number; focused: boolean; picked: boolean },
) {
  const { t } = useTranslation();
  const { bundle, index, reply, change } = props;
  const node = bundle.bot.nodes[index];
  const label = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.focused) label.current?.focus();
  }, [props.focused]);
  if (node?.type !== 'text_message') return null;
  const value = node.quick_replies[reply];
  if (!value) return null;
  const n = reply + 1;
  const pickTarget = (target: string | null) => {
    if (target !== NEW_TARGET) {
      change(updateReply(bundle, index, reply, { metadata: target ?? '' }));
      return;
    }
    const added = addMessage(bundle);
    const code = added.bundle.bot.nodes[added.index]?.code ?? '';
    change(updateReply(added.bundle, index, reply, { metadata: code }));
  };
  return (
    <Stack
      gap={2}
      p={props.picked ? 4 : 0}
      bg={props.picked ? 'var(--mantine-primary-color-light)' : undefined}
      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      data-picked={props.picked}
      data-testid="reply-row"
    >
      <Group gap={4} wrap="nowrap" align="flex-end">
        <TextInput
          ref={label}
          label={t('chatbots.flow.inspector.replyLabel', { n })}
          value={value.label}
          onChange={(event) =>
            change(
              updateReply(bundle, index, reply, { label: event.currentTarget.value }),
              `label:${index}:${reply}`,
            )
          }
          style={{ flex: 1 }}
          data-testid="reply-label"
        />
        <ActionIcon
          variant="subtle"
          disabled={reply === 0}
          aria-label={t('chatbots.flow.inspector.replyUp', { n })}
          onClick={() => change(moveReply(bundle, index, reply, reply - 1))}
        >
          <IconArrowUp size={14} />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          disabled={reply === props.count - 1}
          aria-label={t('chatbots.flow.inspector.replyDown', { n })}
          onClick={() => change(moveReply(bundle, index, reply, reply + 1))}
        >
          <IconArrowDown size={14} />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('chatbots.flow.inspector.removeReply', { n })}
          onClick={() => change(removeReply(bundle, index, reply))}
          data-testid="reply-remove"
        >
          <IconX size={14} />
        </ActionIcon>
      </Group>
      <Select
        label={t('chatbots.flow.inspector.replyTarget', { n })}
        placeholder={t('chatbots.flow.inspector.chooseTarget')}
        data={targetChoices(
          bundle,
          value.metadata,
          t('chatbots.flow.inspector.missingTarget', { code: value.metadata }),
          t('chatbots.flow.inspector.newTarget'),
        )}
        value={value.metadata === '' ? null : value.metadata}
        onChange={pickTarget}
        searchable
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        data-testid="reply-target"
      />
    </Stack>
  );
}

function Replies(props: EditProps & { index: number; focusReply: number | null }) {
  const { t } = useTranslation();
  const { bundle, index, change } = props;
  const node = bundle.bot.nodes[index];
  const [added, setAdded] = useState<number | null>(null);
  if (node?.type !== 'text_message') return null;
  return (
    <Stack gap="sm">
      <Text size="sm" fw={600}>
        {t('chatbots.flow.inspector.replies')}
      </Text>
      {node.quick_replies.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('chatbots.flow.inspector.noReplies')}
        </Text>
      )}
      {node.quick_replies.map((_, j) => (
        <ReplyRow
          // biome-ignore lint/suspicious/noArrayIndexKey: buttons are known by their position
          key={j}
          {...props}
          reply={j}
          count={node.quick_replies.length}
          focused={j === added}
          picked={j === props.focusReply}
        />
      ))}
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => {
          setAdded(node.quick_replies.length);
          change(addReply(bundle, index));
        }}
        style={{ alignSelf: 'flex-start' }}
        data-testid="add-reply"
      >
        {t('chatbots.flow.inspector.addReply')}
      </Button>
    </Stack>
  );
}

function DeleteNode({ bundle, index, change, select }: EditProps & { index: number }) {
  const { t } = useTranslation();
  return (
    <Button
      color="red"
      variant="subtle"
      size="xs"
      leftSection={<IconTrash size={14} aria-hidden />}
      onClick={() => {
        select(null);
        change(deleteNode(bundle, index));
      }}
      style={{ alignSelf: 'flex-start' }}
      data-testid="delete-node"
    >
      {t('chatbots.flow.inspector.delete', { code: bundle.bot.nodes[index]?.code ?? '' })}
    </Button>
  );
}

/** A text message: its code and roles, its text, its buttons and where each leads. */
export function MessageInspector(
  props: EditProps & FocusProps & { data: MessageData; focusReply: number | null },
) {
  const { t } = useTranslation();
  const { data } = props;
  return (
    <Stack gap="md" data-testid="inspector-message">
      <Title order={3} size="h5">
        {t('chatbots.flow.inspector.messageTitle')}
      </Title>
      <CodeInput {...props} index={data.index} />
      <Roles {...props} index={data.index} />
      <BoxIssues issues={data.issues} />
      <Messages {...props} index={data.index} />
      <Replies {...props} index={data.index} />
      <StepNumbersTable
        rows={data.numbers ? [{ code: data.code, ...data.numbers, biggest: data.biggest }] : []}
      />
      <DeleteNode {...props} index={data.index} />
    </Stack>
  );
}

function NewQuestionnaire({ bundle, index, change }: EditProps & { index: number }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    const id = freeQuestionnaireId(bundle);
    const withQuestionnaire = addQuestionnaire(bundle, { id, name: name.trim(), startLabel: null });
    change(handOverTo(withQuestionnaire, index, id));
    setName('');
  };
  return (
    <form onSubmit={submit}>
      <Group gap={4} align="flex-end" wrap="nowrap">
        <TextInput
          label={t('chatbots.flow.inspector.newQuestionnaire')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="new-questionnaire-name"
        />
        <Button
          type="submit"
          variant="default"
          disabled={name.trim() === ''}
          data-testid="new-questionnaire-create"
        >
          {t('chatbots.flow.inspector.createQuestionnaire')}
        </Button>
      </Group>
    </form>
  );
}

/** A hand-over: its code and roles, and the questionnaire it starts (or a new one). */
export function HandOverInspector(props: EditProps & FocusProps & { data: HandOverData }) {
  const { t } = useTranslation();
  const { bundle, data, change } = props;
  const choices = bundle.questionnaires.map((q) => ({
    value: q.id,
    label: q.name ? `${q.name} (${q.id})` : q.id,
  }));
  if (data.questionnaireId !== '' && data.questionnaireName === null) {
    choices.push({
      value: data.questionnaireId,
      label: t('chatbots.flow.inspector.missingQuestionnaire', { id: data.questionnaireId }),
    });
  }
  return (
    <Stack gap="md" data-testid="inspector-handover">
      <Title order={3} size="h5">
        {t('chatbots.flow.inspector.handOverTitle')}
      </Title>
      <CodeInput {...props} index={data.index} />
      <Roles {...props} index={data.index} />
      <BoxIssues issues={data.issues} />
      <Select
        label={t('chatbots.flow.inspector.questionnaire')}
        placeholder={t('chatbots.flow.inspector.chooseQuestionnaire')}
        data={choices}
        value={data.questionnaireId === '' ? null : data.questionnaireId}
        onChange={(id) => change(handOverTo(bundle, data.index, id ?? ''))}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        data-testid="handover-questionnaire"
      />
      <NewQuestionnaire {...props} index={data.index} />
      <StepNumbersTable
        rows={data.numbers ? [{ code: data.code, ...data.numbers, biggest: data.biggest }] : []}
      />
      <DeleteNode {...props} index={data.index} />
    </Stack>
  );
}
