import { Badge, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconFlag, IconListCheck, IconMessage } from '@tabler/icons-react';
import { Handle, type Node, type NodeProps, type NodeTypes, Position } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../../issue-text.js';
import type { Issue } from '../engine.js';
import classes from './flow.module.css';
import type {
  FlowData,
  HandOverData,
  MessageData,
  MissingData,
  NodeRole,
  QuestionnaireData,
  QuestionView,
} from './flow-graph.js';
import { StepNumbersLine } from './step-numbers.js';

/** A box of the canvas: what flow-graph.ts says of it, and whether it is the one picked. */
export type FlowNode = Node<{ flow: FlowData; selected: boolean }, FlowData['kind']>;

/** At most this many questions are listed in a questionnaire's box (the inspector lists them all). */
const QUESTIONS_SHOWN = 12;

function Target() {
  return <Handle type="target" position={Position.Left} id="in" className={classes.handle} />;
}

function Source({ id }: { id: string }) {
  return <Handle type="source" position={Position.Right} id={id} className={classes.handle} />;
}

function RoleBadges({ roles, end }: { roles: readonly NodeRole[]; end?: boolean }) {
  const { t } = useTranslation();
  if (roles.length === 0 && !end) return null;
  return (
    <Group gap={4} mb={4}>
      {roles.map((role) => (
        <Badge key={role} size="xs" color={role === 'entry' ? 'green' : 'teal'} data-testid={`role-${role}`}>
          {t(`chatbots.flow.roles.${role}`)}
        </Badge>
      ))}
      {end && (
        <Badge size="xs" color="gray" data-testid="role-end">
          {t('chatbots.flow.roles.end')}
        </Badge>
      )}
    </Group>
  );
}

function Issues({ issues, warnings }: { issues: readonly Issue[]; warnings: readonly Issue[] }) {
  const { t } = useTranslation();
  const first = issues[0] ?? warnings[0];
  if (!first) return null;
  return (
    <Text
      size="xs"
      c={issues.length > 0 ? 'red.9' : 'yellow.9'}
      mt={6}
      data-testid="node-issues"
      data-count={issues.length}
      data-warnings={warnings.length}
    >
      <IconAlertTriangle size={12} aria-hidden style={{ marginRight: 4, verticalAlign: -2 }} />
      {issues.length > 0
        ? t('chatbots.flow.problems', { count: issues.length })
        : t('chatbots.flow.warnings', { count: warnings.length })}
      {': '}
      {issueText(t, first)}
    </Text>
  );
}

function Frame(props: {
  kind: FlowData['kind'];
  selected: boolean;
  issues: number;
  biggest?: boolean;
  code?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      className={classes.box}
      data-kind={props.kind}
      data-selected={props.selected}
      data-issues={props.issues > 0}
      data-biggest={props.biggest ?? false}
      data-testid="flow-box"
      data-code={props.code}
    >
      {props.children}
    </div>
  );
}

function MessageBox({ data }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const flow = data.flow as MessageData;
  return (
    <Frame
      kind="message"
      selected={data.selected}
      issues={flow.issues.length}
      biggest={flow.biggest}
      code={flow.code}
    >
      <Target />
      <RoleBadges roles={flow.roles} end={flow.replies.length === 0} />
      <Group gap={4} wrap="nowrap">
        <IconMessage size={14} aria-hidden />
        <Text size="sm" fw={700} ff="monospace" truncate>
          {flow.code || t('chatbots.flow.noCode')}
        </Text>
      </Group>
      <Text size="xs" lineClamp={2} c={flow.text.trim() === '' ? 'dimmed' : undefined}>
        {flow.text.trim() === '' ? t('chatbots.flow.emptyText') : flow.text}
      </Text>
      {flow.replies.map((reply, j) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a button is known by its position
        <div key={j} className={classes.row} data-testid="box-reply">
          <Text size="xs" truncate>
            {reply.label || t('chatbots.flow.emptyLabel')}
          </Text>
          <Source id={`r${j}`} />
        </div>
      ))}
      <div className={classes.row} style={{ background: 'none' }}>
        <Text size="xs" c="dimmed" truncate>
          {t('chatbots.flow.newReply')}
        </Text>
        <Source id="new" />
      </div>
      <StepNumbersLine numbers={flow.numbers} biggest={flow.biggest} />
      <Issues issues={flow.issues} warnings={flow.warnings} />
    </Frame>
  );
}

function HandOverBox({ data }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const flow = data.flow as HandOverData;
  const target =
    flow.questionnaireId === ''
      ? t('chatbots.flow.handOverNone')
      : flow.questionnaireName === null
        ? t('chatbots.flow.handOverMissing', { id: flow.questionnaireId })
        : t('chatbots.flow.handOver', { name: flow.questionnaireName || flow.questionnaireId });
  return (
    <Frame
      kind="handover"
      selected={data.selected}
      issues={flow.issues.length}
      biggest={flow.biggest}
      code={flow.code}
    >
      <Target />
      <RoleBadges roles={flow.roles} />
      <Group gap={4} wrap="nowrap">
        <IconListCheck size={14} aria-hidden />
        <Text size="sm" fw={700} ff="monospace" truncate>
          {flow.code || t('chatbots.flow.noCode')}
        </Text>
      </Group>
      <div className={classes.row}>
        <Text size="xs" truncate>
          {target}
        </Text>
        <Source id="q" />
      </div>
      <StepNumbersLine numbers={flow.numbers} biggest={flow.biggest} />
      <Issues issues={flow.issues} warnings={flow.warnings} />
    </Frame>
  );
}

/** A question in its questionnaire's box: its code, and how many reached it and left there. */
function QuestionRow({ question: q }: { question: QuestionView }) {
  const { t } = useTranslation();
  return (
    <div className={classes.row} data-biggest={q.biggest} data-testid="box-question" data-code={q.code}>
      <Text size="xs" ff="monospace" truncate style={{ flex: 1 }}>
        {q.code}
      </Text>
      {q.numbers && (
        <Text size="xs" c="dimmed" data-testid="question-numbers">
          {t('chatbots.flow.numbers.short', {
            reached: q.numbers.reached,
            left: q.numbers.gave_up + q.numbers.timed_out,
          })}
        </Text>
      )}
    </div>
  );
}

function QuestionnaireBox({ data }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const flow = data.flow as QuestionnaireData;
  const shown = flow.questions.slice(0, QUESTIONS_SHOWN);
  return (
    <Frame kind="questionnaire" selected={data.selected} issues={flow.issues.length} code={flow.id}>
      <Target />
      {flow.restart && (
        <Badge size="xs" color="grape" mb={4} data-testid="role-restart">
          {t('chatbots.flow.roles.restart')}
        </Badge>
      )}
      <Text size="sm" fw={700} truncate>
        {flow.name || flow.id}
      </Text>
      <Text size="xs" c="dimmed">
        {t('chatbots.flow.questionCount', { count: flow.questions.length, id: flow.id })}
      </Text>
      {shown.map((q, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a code may repeat while being edited
        <QuestionRow key={i} question={q} />
      ))}
      {flow.questions.length > QUESTIONS_SHOWN && (
        <Text size="xs" c="dimmed">
          {t('chatbots.flow.moreQuestions', { count: flow.questions.length - QUESTIONS_SHOWN })}
        </Text>
      )}
      <Source id="out" />
      <Issues issues={flow.issues} warnings={flow.warnings} />
    </Frame>
  );
}

function EndBox({ data }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  return (
    <Frame kind="end" selected={data.selected} issues={0}>
      <Target />
      <Group gap={4} justify="center">
        <IconFlag size={14} aria-hidden />
        <Text size="sm" fw={600}>
          {t('chatbots.flow.conversationEnds')}
        </Text>
      </Group>
      <Source id="out" />
    </Frame>
  );
}

function MissingBox({ data }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const flow = data.flow as MissingData;
  return (
    <Frame kind="missing" selected={data.selected} issues={0} code={flow.code}>
      <Target />
      <Text size="sm" fw={600} c="red">
        {flow.of === 'node'
          ? t('chatbots.flow.missingNode', { code: flow.code })
          : t('chatbots.flow.missingQuestionnaire', { id: flow.code })}
      </Text>
    </Frame>
  );
}

export const NODE_TYPES: NodeTypes = {
  message: MessageBox,
  handover: HandOverBox,
  questionnaire: QuestionnaireBox,
  end: EndBox,
  missing: MissingBox,
};
