import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCopy, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../issue-text.js';
import { type FieldError, IntroEditor, OptionsEditor, YesNoGroupEditor } from './answer-editors.js';
import { type EditableBundle, isUnder, questionPath, replaceQuestion, withType } from './bundle-model.js';
import { CodeField } from './code-field.js';
import {
  type ChannelName,
  type Issue,
  NEAR_WANTED_DEFAULTS,
  NEAR_WANTED_LIMITS,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
} from './engine.js';
import { RelevanceField } from './relevance-field.js';

export interface QuestionFormProps {
  readonly bundle: EditableBundle;
  readonly qi: number;
  readonly index: number;
  /** The validator's errors and warnings of the whole draft. */
  readonly issues: readonly Issue[];
  readonly channels: readonly ChannelName[];
  onChange(bundle: EditableBundle): void;
  onSelect(index: number): void;
  onDuplicate(): void;
  onDelete(): void;
}

/** Paths under a question that a field of the form shows its error on. */
const FIELD_PATH =
  /^(code|question|relevance|end|button_label|points|radius_km|options|yesnogroup|intro\[\d+\]|options\[\d+\]\.(value|label)|yesnogroup\[\d+\]\.(question|power2answer|referencia))$/;

/** One question in the form of its type; every change goes to the draft at once. */
export function QuestionForm(props: QuestionFormProps) {
  const { t } = useTranslation();
  const { bundle, qi, index } = props;
  const questions = bundle.questionnaires[qi]?.questions ?? [];
  const question = questions[index];
  if (!question) return null;
  const prefix = questionPath(qi, index);
  const mine = props.issues.filter((issue) => isUnder(issue.path, prefix));
  const suffix = (issue: Issue) => issue.path.slice(prefix.length).replace(/^\./, '');
  const fieldError: FieldError = (path) => {
    const found = mine.filter((issue) => suffix(issue) === path);
    return found.length > 0 ? found.map((issue) => issueText(t, issue)).join(' · ') : undefined;
  };
  const others = mine.filter((issue) => !FIELD_PATH.test(suffix(issue)));
  const set = (next: Question) => props.onChange(replaceQuestion(bundle, qi, index, next));

  return (
    <Paper withBorder p="md" radius="md" data-testid="question-form">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4">
            {t('chatbots.studio.form.title', { n: index + 1 })}{' '}
            <Badge variant="light" ff="monospace">
              {question.code}
            </Badge>
          </Title>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconCopy size={14} aria-hidden />}
              onClick={props.onDuplicate}
              data-testid="question-duplicate"
            >
              {t('chatbots.studio.form.duplicate')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={props.onDelete}
              data-testid="question-delete"
            >
              {t('chatbots.studio.form.delete')}
            </Button>
          </Group>
        </Group>
        <Group align="flex-start" grow>
          <CodeField
            bundle={bundle}
            qi={qi}
            index={index}
            error={fieldError('code')}
            onChange={props.onChange}
            onSelect={props.onSelect}
          />
          <Select
            label={t('chatbots.studio.form.type')}
            data={QUESTION_TYPES.map((type) => ({ value: type, label: t(`chatbots.studio.types.${type}`) }))}
            value={question.type}
            allowDeselect={false}
            onChange={(type) => type && set(withType(question, type as QuestionType))}
            error={fieldError('type')}
            data-testid="question-type"
          />
        </Group>
        <Textarea
          label={t(`chatbots.studio.form.text.${question.type}`, {
            defaultValue: t('chatbots.studio.form.text.default'),
          })}
          description={t('chatbots.studio.form.textHint')}
          autosize
          minRows={2}
          value={question.question}
          onChange={(event) => set({ ...question, question: event.currentTarget.value })}
          error={fieldError('question')}
          data-testid="question-text"
        />
        <TypeFields question={question} channels={props.channels} fieldError={fieldError} onChange={set} />
        <IntroEditor
          intro={question.intro ?? []}
          fieldError={fieldError}
          onChange={(intro) => set({ ...question, intro })}
        />
        <RelevanceField
          value={question.relevance}
          selfCode={question.code}
          questions={questions}
          onChange={(relevance) => set({ ...question, relevance })}
          onOpen={props.onSelect}
        />
        {others.length > 0 && (
          <Alert color="red" title={t('chatbots.studio.form.otherProblems')} data-testid="question-problems">
            <List size="sm">
              {others.map((issue) => (
                <List.Item key={`${issue.path}:${issue.message}`}>
                  <Text span ff="monospace" size="sm">
                    {suffix(issue) || question.code}
                  </Text>
                  {` — ${issueText(t, issue)}`}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** The fields only some types have. */
function TypeFields(props: {
  question: Question;
  channels: readonly ChannelName[];
  fieldError: FieldError;
  onChange(question: Question): void;
}) {
  const { question, fieldError, onChange } = props;
  switch (question.type) {
    case 'onlychoice':
      return (
        <OptionsEditor
          options={question.options ?? []}
          channels={props.channels}
          fieldError={fieldError}
          onChange={(options) => onChange({ ...question, options })}
        />
      );
    case 'yesnogroup':
      return (
        <YesNoGroupEditor
          code={question.code}
          items={question.yesnogroup ?? []}
          fieldError={fieldError}
          onChange={(yesnogroup) => onChange({ ...question, yesnogroup })}
        />
      );
    case 'botao_fim':
      return <EndFields question={question} fieldError={fieldError} onChange={onChange} />;
    case 'cep_address_lookup':
      return <CepFields question={question} fieldError={fieldError} onChange={onChange} />;
    default:
      return null;
  }
}

function EndFields(props: {
  question: Extract<Question, { type: 'botao_fim' }>;
  fieldError: FieldError;
  onChange(question: Question): void;
}) {
  const { t } = useTranslation();
  const { question } = props;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500} id="end-action-label">
        {t('chatbots.studio.end.action')}
      </Text>
      <SegmentedControl
        aria-labelledby="end-action-label"
        value={question.end}
        onChange={(end) => props.onChange({ ...question, end: end === 'restart' ? 'restart' : 'finish' })}
        data={[
          { value: 'finish', label: t('chatbots.studio.end.finish') },
          { value: 'restart', label: t('chatbots.studio.end.restart') },
        ]}
        data-testid="end-action"
      />
      <Text size="xs" c="dimmed">
        {t(`chatbots.studio.end.${question.end}Hint`)}
      </Text>
      <TextInput
        label={t('chatbots.studio.end.buttonLabel')}
        description={t(`chatbots.studio.end.buttonLabelHint.${question.end}`)}
        value={question.button_label ?? ''}
        onChange={(event) => props.onChange({ ...question, button_label: event.currentTarget.value || null })}
        error={props.fieldError('button_label')}
        data-testid="end-button-label"
      />
    </Stack>
  );
}

function CepFields(props: {
  question: Extract<Question, { type: 'cep_address_lookup' }>;
  fieldError: FieldError;
  onChange(question: Question): void;
}) {
  const { t } = useTranslation();
  const { question } = props;
  const setNumber = (key: 'points' | 'radius_km', value: string | number) => {
    const { [key]: _old, ...rest } = question;
    props.onChange(value === '' ? rest : { ...rest, [key]: Number(value) });
  };
  return (
    <Group grow align="flex-start">
      <NumberInput
        label={t('chatbots.studio.cep.points')}
        placeholder={String(NEAR_WANTED_DEFAULTS.points)}
        min={NEAR_WANTED_LIMITS.points.min}
        max={NEAR_WANTED_LIMITS.points.max}
        value={question.points ?? ''}
        onChange={(value) => setNumber('points', value)}
        error={props.fieldError('points')}
      />
      <NumberInput
        label={t('chatbots.studio.cep.radius')}
        placeholder={String(NEAR_WANTED_DEFAULTS.radius_km)}
        min={NEAR_WANTED_LIMITS.radius_km.min}
        max={NEAR_WANTED_LIMITS.radius_km.max}
        value={question.radius_km ?? ''}
        onChange={(value) => setNumber('radius_km', value)}
        error={props.fieldError('radius_km')}
      />
    </Group>
  );
}
