import { Button, Checkbox, List, Stack, Text, Title } from '@mantine/core';
import { IconListCheck, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { addQuestionnaire } from '../bundle-model.js';
import { addMessage, renameNode, setRestart } from './flow-edits.js';
import {
  type FlowData,
  type FlowGraph,
  type MissingData,
  nodeId,
  type QuestionnaireData,
  questionnaireBoxId,
} from './flow-graph.js';
import { BoxIssues, StepNumbersTable } from './inspector-parts.js';
import { type EditProps, HandOverInspector, MessageInspector } from './node-inspector.js';

export interface InspectorProps extends EditProps {
  readonly graph: FlowGraph;
  /** The box picked, or null. */
  readonly selected: string | null;
  /** The button picked on the canvas (its edge), to put the focus on. */
  readonly focusReply: number | null;
  /** The picked box was just added: its first field takes the focus (then `onFocused`). */
  readonly focusCode: boolean;
  onFocused(): void;
  onOpenQuestionnaires(qi: number): void;
}

/** Beside the canvas: the picked box in a form, or — with none picked — how to work the canvas. */
export function Inspector(props: InspectorProps) {
  const box = props.graph.boxes.find((b) => b.id === props.selected);
  const data: FlowData | undefined = box?.data;
  switch (data?.kind) {
    case 'message':
      return <MessageInspector key={box?.id} {...props} data={data} />;
    case 'handover':
      return <HandOverInspector key={box?.id} {...props} data={data} />;
    case 'questionnaire':
      return <QuestionnaireInspector {...props} data={data} />;
    case 'missing':
      return <MissingInspector {...props} data={data} />;
    case 'end':
      return <EndInspector />;
    default:
      return <Overview {...props} />;
  }
}

function QuestionnaireInspector(props: InspectorProps & { data: QuestionnaireData }) {
  const { t } = useTranslation();
  const { bundle, data, change } = props;
  const rows = data.questions.flatMap((q) =>
    q.numbers ? [{ code: q.code, ...q.numbers, biggest: q.biggest }] : [],
  );
  return (
    <Stack gap="md" data-testid="inspector-questionnaire">
      <Title order={3} size="h5">
        {t('chatbots.flow.inspector.questionnaireTitle', { name: data.name || data.id })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('chatbots.flow.questionCount', { count: data.questions.length, id: data.id })}
      </Text>
      <BoxIssues issues={data.issues} />
      <Checkbox
        label={t('chatbots.flow.inspector.restart')}
        description={t('chatbots.flow.inspector.restartHint')}
        checked={data.restart}
        onChange={(event) => change(setRestart(bundle, event.currentTarget.checked ? data.id : null))}
        data-testid="restart-questionnaire"
      />
      <Button
        variant="light"
        leftSection={<IconListCheck size={16} aria-hidden />}
        onClick={() => props.onOpenQuestionnaires(data.qi)}
        style={{ alignSelf: 'flex-start' }}
        data-testid="open-questionnaire"
      >
        {t('chatbots.flow.inspector.editQuestions')}
      </Button>
      <StepNumbersTable rows={rows} caption={t('chatbots.flow.numbers.perQuestion')} />
    </Stack>
  );
}

/** A target that does not exist: what leads there, and making it. */
function MissingInspector(props: InspectorProps & { data: MissingData }) {
  const { t } = useTranslation();
  const { bundle, data, change, select } = props;
  const create = () => {
    if (data.of === 'questionnaire') {
      change(addQuestionnaire(bundle, { id: data.code, name: data.code, startLabel: null }));
      select(questionnaireBoxId(bundle.questionnaires.length));
      return;
    }
    const added = addMessage(bundle);
    const named = renameNode(added.bundle, added.index, data.code);
    change(named.ok ? named.bundle : added.bundle);
    select(nodeId(added.index));
  };
  return (
    <Stack gap="md" data-testid="inspector-missing">
      <Title order={3} size="h5">
        {data.of === 'node'
          ? t('chatbots.flow.missingNode', { code: data.code })
          : t('chatbots.flow.missingQuestionnaire', { id: data.code })}
      </Title>
      <Text size="sm">{t(`chatbots.flow.inspector.missing.${data.of}`, { code: data.code })}</Text>
      <Button
        leftSection={<IconPlus size={16} aria-hidden />}
        onClick={create}
        style={{ alignSelf: 'flex-start' }}
        data-testid="create-missing"
      >
        {t(`chatbots.flow.inspector.create.${data.of}`, { code: data.code })}
      </Button>
    </Stack>
  );
}

function EndInspector() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('chatbots.flow.conversationEnds')}
      </Title>
      <Text size="sm">{t('chatbots.flow.inspector.endHelp')}</Text>
    </Stack>
  );
}

/** Nothing picked: the bot's own problems (settings no box holds), and how the canvas is worked. */
function Overview({ graph }: InspectorProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="inspector-overview">
      <Title order={3} size="h5">
        {t('chatbots.flow.inspector.overviewTitle')}
      </Title>
      <BoxIssues
        issues={graph.botIssues}
        title={t('chatbots.flow.botProblems', { count: graph.botIssues.length })}
      />
      <List size="sm" spacing={4}>
        {(['pick', 'keyboard', 'connect', 'delete', 'undo'] as const).map((key) => (
          <List.Item key={key}>{t(`chatbots.flow.help.${key}`)}</List.Item>
        ))}
      </List>
    </Stack>
  );
}
