import {
  Alert,
  Box,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DropOffView } from '../../../../common/api/bot-drop-off.js';
import { ErrorState } from '../../ui/error-state.js';
import { IssueList } from '../issue-list.js';
import {
  addQuestionnaire,
  deleteQuestion,
  duplicateQuestion,
  type EditableBundle,
  freeQuestionnaireId,
  insertQuestion,
  isUnder,
  moveQuestion,
  newQuestion,
  nextCode,
  questionPath,
  withQuestionnaire,
} from './bundle-model.js';
import { useBotDropOff } from './canvas/drop-off-selection.js';
import { stepLookup } from './canvas/flow-graph.js';
import { useDraft } from './draft-context.js';
import type { Issue, QuestionType } from './engine.js';
import { QuestionForm } from './question-form.js';
import { QuestionList } from './question-list.js';

/**
 * The Questionnaires tab: each questionnaire of the draft as an ordered list of questions, the
 * one picked open in a form for its type. Every change goes to the draft (autosaved); the
 * engine's validator, run here as on publishing, marks what is wrong where it is.
 */
export function QuestionnaireEditor({ onOpenJson }: { onOpenJson(): void }) {
  const { t } = useTranslation();
  const draft = useDraft();
  const dropOff = useBotDropOff(draft.botId);
  const [qi, setQi] = useState(0);
  const [selected, setSelected] = useState(0);
  const [adding, addModal] = useDisclosure(false);

  if (draft.loadError) return <ErrorState error={draft.loadError} />;
  if (draft.bundle === undefined) return <Loader size="sm" />;
  const bundle = draft.editable;
  if (!bundle) return <NotEditable onOpenJson={onOpenJson} />;
  const current = bundle.questionnaires[qi] ? qi : 0;
  const questionnaire = bundle.questionnaires[current];
  const issues = draft.validation
    ? [...(draft.validation.ok ? [] : draft.validation.errors), ...draft.validation.warnings]
    : [];
  const errors = draft.validation && !draft.validation.ok ? draft.validation.errors : [];

  const change = (next: EditableBundle) => draft.update(next);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        {bundle.questionnaires.length > 0 ? (
          <QuestionnairePicker
            bundle={bundle}
            current={current}
            onPick={(i) => {
              setQi(i);
              setSelected(0);
            }}
            onChange={change}
          />
        ) : (
          <Text c="dimmed">{t('chatbots.questionnaires.none')}</Text>
        )}
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={addModal.open}
          data-testid="add-questionnaire"
        >
          {t('chatbots.studio.questionnaire.add')}
        </Button>
      </Group>
      {questionnaire && dropOff.bar}
      {questionnaire && (
        <QuestionnaireWorkspace
          bundle={bundle}
          dropOff={dropOff.view}
          qi={current}
          selected={selected}
          errors={errors}
          issues={issues}
          onSelect={setSelected}
        />
      )}
      <AddQuestionnaireModal
        opened={adding}
        bundle={bundle}
        onClose={addModal.close}
        onAdd={(next) => {
          change(next);
          setQi(next.questionnaires.length - 1);
          setSelected(0);
          addModal.close();
        }}
      />
    </Stack>
  );
}

/** The open questionnaire: its questions in order on the left, the one picked in a form beside. */
function QuestionnaireWorkspace(props: {
  bundle: EditableBundle;
  dropOff: DropOffView | null;
  qi: number;
  selected: number;
  errors: readonly Issue[];
  issues: readonly Issue[];
  onSelect(index: number): void;
}) {
  const { t } = useTranslation();
  const draft = useDraft();
  const { bundle, qi: current, selected } = props;
  const questions = bundle.questionnaires[current]?.questions ?? [];
  const change = (next: EditableBundle) => draft.update(next);
  const pick = (index: number) => {
    props.onSelect(index);
    requestAnimationFrame(() => document.getElementById('question-form-start')?.focus());
  };
  return (
    <Group align="flex-start" gap="md" wrap="nowrap">
      <Box w={300} style={{ flexShrink: 0 }}>
        <QuestionList
          questions={questions}
          selected={selected}
          steps={stepLookup(props.dropOff)}
          errorCounts={questions.map(
            (_, i) => props.errors.filter((e) => isUnder(e.path, questionPath(current, i))).length,
          )}
          onSelect={pick}
          onMove={(from, to) => {
            change(moveQuestion(bundle, current, from, to));
            if (selected === from) props.onSelect(to);
          }}
          onAdd={(type: QuestionType) => {
            const at = questions.length;
            change(insertQuestion(bundle, current, at, newQuestion(type, nextCode(questions))));
            pick(at);
          }}
        />
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }} id="question-form-start" tabIndex={-1}>
        {questions.length === 0 ? (
          <Text c="dimmed" data-testid="no-questions">
            {t('chatbots.studio.questionnaire.empty')}
          </Text>
        ) : (
          <QuestionForm
            // Another question opens a fresh form (a rename's outcome belongs to its question).
            key={`${current}-${Math.min(selected, questions.length - 1)}`}
            bundle={bundle}
            qi={current}
            index={Math.min(selected, questions.length - 1)}
            issues={props.issues}
            channels={draft.channels}
            onChange={change}
            onSelect={pick}
            onDuplicate={() => {
              change(duplicateQuestion(bundle, current, selected));
              pick(selected + 1);
            }}
            onDelete={() => {
              change(deleteQuestion(bundle, current, selected));
              props.onSelect(Math.max(0, selected - 1));
            }}
          />
        )}
      </Box>
    </Group>
  );
}

/** Which questionnaire is open, and its name. */
function QuestionnairePicker(props: {
  bundle: EditableBundle;
  current: number;
  onPick(index: number): void;
  onChange(bundle: EditableBundle): void;
}) {
  const { t } = useTranslation();
  const { bundle, current } = props;
  const questionnaire = bundle.questionnaires[current];
  return (
    <Group align="flex-end" gap="sm">
      <Select
        label={t('chatbots.studio.questionnaire.pick')}
        data={bundle.questionnaires.map((q, i) => ({ value: String(i), label: `${q.id} — ${q.name}` }))}
        value={String(current)}
        allowDeselect={false}
        onChange={(value) => value !== null && props.onPick(Number(value))}
        w={280}
        data-testid="questionnaire-pick"
      />
      <TextInput
        label={t('chatbots.studio.questionnaire.name')}
        value={questionnaire?.name ?? ''}
        onChange={(event) => {
          const name = event.currentTarget.value;
          props.onChange(withQuestionnaire(bundle, current, (q) => ({ ...q, name })));
        }}
        w={280}
        data-testid="questionnaire-name"
      />
    </Group>
  );
}

/** A new questionnaire: its id and name, and a button on the first message that starts it. */
function AddQuestionnaireModal(props: {
  opened: boolean;
  bundle: EditableBundle;
  onClose(): void;
  onAdd(bundle: EditableBundle): void;
}) {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [start, setStart] = useState(true);
  const [label, setLabel] = useState('');
  const taken = props.bundle.questionnaires.some((q) => q.id === id.trim());
  const entry = props.bundle.bot.nodes.find((node) => node.code === props.bundle.bot.entry);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const finalId = id.trim() || freeQuestionnaireId(props.bundle);
    if (taken) return;
    const startLabel =
      start && entry?.type === 'text_message' ? label.trim() || name.trim() || finalId : null;
    props.onAdd(addQuestionnaire(props.bundle, { id: finalId, name: name.trim(), startLabel }));
    setId('');
    setName('');
    setLabel('');
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t('chatbots.studio.questionnaire.add')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label={t('chatbots.studio.questionnaire.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
            data-testid="new-questionnaire-name"
          />
          <TextInput
            label={t('chatbots.studio.questionnaire.id')}
            description={t('chatbots.studio.questionnaire.idHint')}
            placeholder={freeQuestionnaireId(props.bundle)}
            value={id}
            onChange={(event) => setId(event.currentTarget.value)}
            error={taken ? t('chatbots.studio.questionnaire.idTaken') : undefined}
            data-testid="new-questionnaire-id"
          />
          {entry?.type === 'text_message' ? (
            <>
              <Checkbox
                label={t('chatbots.studio.questionnaire.start', { node: entry.code })}
                checked={start}
                onChange={(event) => setStart(event.currentTarget.checked)}
                data-testid="new-questionnaire-start"
              />
              {start && (
                <TextInput
                  label={t('chatbots.studio.questionnaire.startLabel')}
                  placeholder={name || undefined}
                  value={label}
                  onChange={(event) => setLabel(event.currentTarget.value)}
                  data-testid="new-questionnaire-label"
                />
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('chatbots.studio.questionnaire.noStart')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={taken} data-testid="new-questionnaire-submit">
              {t('chatbots.studio.questionnaire.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The draft has not the bundle's shape (an edit of its JSON): only the JSON editor can mend it. */
function NotEditable({ onOpenJson }: { onOpenJson(): void }) {
  const { t } = useTranslation();
  const draft = useDraft();
  const errors = draft.validation && !draft.validation.ok ? draft.validation.errors : [];
  return (
    <Stack gap="sm" data-testid="not-editable">
      <Alert color="orange" icon={<IconAlertTriangle />}>
        <Group justify="space-between">
          <Text size="sm">{t('chatbots.studio.notEditable')}</Text>
          <Button size="xs" variant="default" onClick={onOpenJson}>
            {t('chatbots.studio.openJson')}
          </Button>
        </Group>
      </Alert>
      <IssueList title={t('chatbots.editor.errors', { count: errors.length })} issues={errors} />
    </Stack>
  );
}
