import { Anchor, Group, Loader, Select, Switch, Text, TextInput } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DropOffView } from '../../../../../common/api/bot-drop-off.js';
import { useErrorMessage } from '../../../ui/errors.js';
import { type DropOffFilter, dropOffReportLink } from './drop-off-queries.js';

interface DropOffBarProps {
  readonly botId: number;
  readonly shown: boolean;
  onShow(shown: boolean): void;
  readonly filter: DropOffFilter;
  onFilter(filter: DropOffFilter): void;
  readonly view: DropOffView | undefined;
  readonly loading: boolean;
  readonly error: unknown;
}

/**
 * Where people drop off, over the period and tag chosen: shown on the boxes and edges when on. The
 * link opens the built-in report with the same numbers (one query behind both).
 */
export function DropOffBar(props: DropOffBarProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { filter, onFilter, view } = props;
  const tags = (view?.tags ?? []).map((tag) => ({
    value: String(tag.code),
    label: tag.label ? `${tag.code} · ${tag.label}` : String(tag.code),
  }));
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="drop-off-bar">
      <Switch
        checked={props.shown}
        onChange={(event) => props.onShow(event.currentTarget.checked)}
        label={t('chatbots.flow.dropOff.show')}
        mb={6}
        data-testid="drop-off-show"
      />
      {props.shown && (
        <>
          <TextInput
            type="date"
            size="xs"
            label={t('chatbots.flow.dropOff.from')}
            value={filter.from}
            onChange={(event) => onFilter({ ...filter, from: event.currentTarget.value })}
            data-testid="drop-off-from"
          />
          <TextInput
            type="date"
            size="xs"
            label={t('chatbots.flow.dropOff.to')}
            value={filter.to}
            onChange={(event) => onFilter({ ...filter, to: event.currentTarget.value })}
            data-testid="drop-off-to"
          />
          <Select
            size="xs"
            label={t('chatbots.flow.dropOff.tag')}
            placeholder={t('chatbots.flow.dropOff.allTags')}
            data={tags}
            value={filter.tag === '' ? null : filter.tag}
            onChange={(tag) => onFilter({ ...filter, tag: tag ?? '' })}
            clearable
            w={200}
            comboboxProps={{ withinPortal: true }}
            data-testid="drop-off-tag"
          />
          <Group gap={6} mb={6}>
            {props.loading && (
              <Loader size="xs" role="status" aria-label={t('chatbots.flow.dropOff.loading')} />
            )}
            {props.error ? (
              <Text size="sm" c="red" role="alert" data-testid="drop-off-error">
                {errorMessage(props.error)}
              </Text>
            ) : (
              view && (
                <Text size="sm" c="dimmed" data-testid="drop-off-total">
                  {t('chatbots.flow.dropOff.conversations', { count: view.conversations })}
                </Text>
              )
            )}
            <Anchor
              component={Link}
              to={dropOffReportLink(props.botId, filter)}
              size="sm"
              data-testid="drop-off-report"
            >
              <IconChartBar size={14} aria-hidden /> {t('chatbots.flow.dropOff.report')}
            </Anchor>
          </Group>
        </>
      )}
    </Group>
  );
}
