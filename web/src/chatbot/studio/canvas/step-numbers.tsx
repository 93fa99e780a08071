import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StepNumbers } from './flow-graph.js';
import classes from './step-numbers.module.css';

/** Reached, and what the conversations did there: the counts add up to the first. */
export function numbersText(t: TFunction, n: StepNumbers): string {
  return t('chatbots.flow.numbers.summary', { ...n });
}

const KEYS = ['reached', 'went_on', 'gave_up', 'timed_out', 'still_there'] as const;

/**
 * A step's drop-off numbers, each with its word (read as written, not by colour), and "Big
 * drop-off" when it is among the steps most conversations left from: on the canvas's boxes and
 * in the questionnaire editor's list alike.
 */
export function StepNumbersLine({ numbers, biggest }: { numbers: StepNumbers | null; biggest: boolean }) {
  const { t } = useTranslation();
  if (!numbers) return null;
  return (
    <div className={classes.numbers} data-testid="node-numbers" title={numbersText(t, numbers)}>
      {biggest && (
        <Badge size="xs" color="orange" data-testid="node-biggest">
          {t('chatbots.flow.numbers.biggest')}
        </Badge>
      )}
      {KEYS.map((key) => (
        <span key={key} data-testid={`n-${key}`} data-value={numbers[key]}>
          <b>{numbers[key]}</b> {t(`chatbots.flow.numbers.${key}`)}
        </span>
      ))}
    </div>
  );
}
