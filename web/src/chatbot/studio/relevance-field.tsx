import { Box, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { syntaxText } from '../issue-text.js';
import { namesIn, type Question, storedNames } from './engine.js';
import { readRelevance } from './relevance-reading.js';

interface RelevanceFieldProps {
  readonly value: string | undefined;
  /** The code of the question whose relevance this is (`_self`). */
  readonly selfCode: string;
  /** The questionnaire's questions: the codes the expression reads become links to them. */
  readonly questions: readonly Question[];
  onChange(value: string): void;
  onOpen(index: number): void;
}

/**
 * When a question is shown, as the engine reads it: parsed as you type by the engine's own parser
 * (an error shows where it is), read back in plain words, and each code it reads linked to its
 * question.
 */
export function RelevanceField({ value, selfCode, questions, onChange, onOpen }: RelevanceFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const reading = readRelevance(value, selfCode, t);
  const names = reading.ok ? (namesIn((value ?? '').trim() || '1') ?? []) : [];
  const readingId = `${id}-reading`;

  return (
    <Stack gap={4}>
      <Textarea
        label={t('chatbots.studio.form.relevance')}
        description={t('chatbots.studio.form.relevanceHint')}
        value={value ?? ''}
        placeholder="1"
        onChange={(event) => onChange(event.currentTarget.value)}
        autosize
        minRows={1}
        maxRows={4}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        error={
          reading.ok
            ? undefined
            : t('chatbots.studio.form.relevanceError', {
                line: reading.line,
                column: reading.column,
                detail: syntaxText(t, reading.error),
              })
        }
        aria-describedby={readingId}
        data-testid="relevance-input"
      />
      {!reading.ok && <ErrorMarker source={value ?? ''} offset={reading.offset} />}
      <Text size="sm" id={readingId} c={reading.ok ? undefined : 'dimmed'} data-testid="relevance-reading">
        {reading.ok ? reading.text : t('chatbots.studio.form.relevanceUnread')}
      </Text>
      {names.length > 0 && (
        <Group gap={6} data-testid="relevance-codes">
          <Text size="xs" c="dimmed">
            {t('chatbots.studio.form.reads')}
          </Text>
          {names.map((name) => {
            const index = questions.findIndex((q) => storedNames(q).includes(name));
            return index >= 0 ? (
              <Button
                key={name}
                size="compact-xs"
                variant="light"
                leftSection={<IconLink size={12} aria-hidden />}
                onClick={() => onOpen(index)}
                aria-label={t('chatbots.studio.form.openCode', { code: name })}
                data-testid="relevance-code"
              >
                {name}
              </Button>
            ) : (
              <Text key={name} size="xs" c="orange" ff="monospace" data-testid="relevance-unknown-code">
                {t('chatbots.studio.form.unknownCode', { code: name })}
              </Text>
            );
          })}
        </Group>
      )}
    </Stack>
  );
}

/** The line of the expression with the error, and a caret under where it is. */
function ErrorMarker({ source, offset }: { source: string; offset: number }) {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const end = source.indexOf('\n', offset);
  const line = source.slice(start, end === -1 ? source.length : end);
  return (
    <Box
      component="pre"
      aria-hidden
      m={0}
      fz="xs"
      c="red"
      style={{ fontFamily: 'var(--mantine-font-family-monospace)', whiteSpace: 'pre' }}
      data-testid="relevance-marker"
    >
      {`${line}\n${' '.repeat(offset - start)}^`}
    </Box>
  );
}
