import { Alert, Anchor, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditableBundle } from './bundle-model.js';
import { type RenameResult, renameQuestion } from './engine.js';

interface CodeFieldProps {
  readonly bundle: EditableBundle;
  readonly qi: number;
  readonly index: number;
  readonly error: string | undefined;
  onChange(bundle: EditableBundle): void;
  onSelect(index: number): void;
}

/**
 * A question's code, changed only by renaming it: the engine's rename rewrites every relevance and
 * placeholder that reads the old code (or refuses, naming the places), so answers and conditions
 * never lose each other.
 */
export function CodeField({ bundle, qi, index, error, onChange, onSelect }: CodeFieldProps) {
  const { t } = useTranslation();
  const code = bundle.questionnaires[qi]?.questions[index]?.code ?? '';
  const [editing, setEditing] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ from: string; to: string; result: RenameResult } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing === null) return;
    const result = renameQuestion(bundle, qi, index, editing.trim());
    setOutcome({ from: code, to: editing.trim(), result });
    if (result.ok) {
      setEditing(null);
      // The rename keeps the bundle's other keys (it copies it with a spread).
      onChange(result.bundle as EditableBundle);
    }
  };

  return (
    <Stack gap={4}>
      {editing === null ? (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('chatbots.studio.code.label')}
            value={code}
            readOnly
            error={error}
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="question-code"
          />
          <Button
            variant="default"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={() => {
              setEditing(code);
              setOutcome(null);
            }}
            data-testid="rename-open"
          >
            {t('chatbots.studio.code.rename')}
          </Button>
        </Group>
      ) : (
        <form onSubmit={submit}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={t('chatbots.studio.code.newCode', { code })}
              value={editing}
              onChange={(event) => setEditing(event.currentTarget.value)}
              style={{ flex: 1 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              autoFocus
              data-testid="rename-input"
            />
            <Button type="submit" data-testid="rename-submit">
              {t('chatbots.studio.code.apply')}
            </Button>
            <Button
              variant="subtle"
              onClick={() => {
                setEditing(null);
                setOutcome(null);
              }}
            >
              {t('common.cancel')}
            </Button>
          </Group>
        </form>
      )}
      {outcome && <RenameOutcome {...outcome} onSelect={onSelect} />}
    </Stack>
  );
}

/** Question index of a path `questionnaires[q].questions[i]…`. */
function questionIndexOf(path: string): number | null {
  const match = /^questionnaires\[\d+\]\.questions\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : null;
}

function RenameOutcome({
  from,
  to,
  result,
  onSelect,
}: {
  from: string;
  to: string;
  result: RenameResult;
  onSelect(index: number): void;
}) {
  const { t } = useTranslation();
  const places = result.places.map((place) => place.path);
  const list = places.length > 0 && (
    <List size="xs" mt={4}>
      {places.map((path, i) => {
        const index = questionIndexOf(path);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a path may be listed twice (two texts of one field)
          <List.Item key={`${path}-${i}`}>
            {index === null ? (
              <Text span ff="monospace" size="xs">
                {path}
              </Text>
            ) : (
              <Anchor
                component="button"
                type="button"
                size="xs"
                ff="monospace"
                onClick={() => onSelect(index)}
              >
                {path}
              </Anchor>
            )}
          </List.Item>
        );
      })}
    </List>
  );
  return (
    <Alert color={result.ok ? 'green' : 'red'} p="xs" role="status" data-testid="rename-outcome">
      <Text size="sm">
        {result.ok
          ? t('chatbots.studio.code.renamed', { from, to, count: result.places.length })
          : t(`chatbots.studio.code.refused.${result.reason}`)}
      </Text>
      {list}
    </Alert>
  );
}
