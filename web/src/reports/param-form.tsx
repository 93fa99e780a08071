import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  type ParamDeclView,
  SEARCHABLE_ID_TYPES,
  type SearchableIdType,
} from '../../../common/api/reports.js';
import { IdField } from './id-field.js';

function searchableId(type: string): type is SearchableIdType {
  return (SEARCHABLE_ID_TYPES as readonly string[]).includes(type);
}

const INPUT_TYPES: Record<string, string> = {
  date: 'date',
  time: 'time',
  datetime: 'datetime-local',
  int: 'number',
  bigint: 'number',
  double: 'number',
};

function placeholderOf(type: string, t: TFunction): string {
  if (type.endsWith('_list')) return '1,2,3';
  if (type === 'conversation_id' || type === 'message_id') return t('reports.idNumberHint');
  return type.endsWith('_id') ? t('reports.idHint') : '';
}

/**
 * One field per header parameter: date and time pickers, yes/no, lists as comma-separated text,
 * ids of Parley's objects searched by name (`searchIds`; off for a report on another data source,
 * whose ids name that database's objects).
 */
export function ParamForm({
  params,
  values,
  onChange,
  problems,
  searchIds = true,
}: {
  params: ParamDeclView[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  problems: Record<string, string>;
  searchIds?: boolean;
}) {
  const { t } = useTranslation();
  if (params.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} data-testid="report-params">
      {params.map((p) => {
        const label = `${p.name} (${p.type}${p.nullable ? `, ${t('reports.optional')}` : ''})`;
        const placeholder = p.default ?? placeholderOf(p.type, t);
        const common = {
          label,
          value: values[p.name] ?? '',
          error: problems[p.name],
          required: !p.nullable && p.default === null,
          'data-testid': `param-${p.name}`,
        };
        if (searchIds && searchableId(p.type)) {
          return (
            <IdField
              key={p.name}
              type={p.type}
              label={label}
              value={common.value}
              error={common.error}
              required={common.required}
              placeholder={placeholder}
              onChange={(v) => onChange(p.name, v)}
              testId={common['data-testid']}
            />
          );
        }
        if (p.type === 'boolean') {
          return (
            <Select
              key={p.name}
              {...common}
              data={[
                { value: 'true', label: t('reports.yes') },
                { value: 'false', label: t('reports.no') },
              ]}
              placeholder={p.default ?? ''}
              clearable
              onChange={(v) => onChange(p.name, v ?? '')}
            />
          );
        }
        return (
          <TextInput
            key={p.name}
            {...common}
            type={INPUT_TYPES[p.type] ?? 'text'}
            placeholder={placeholder}
            onChange={(e) => onChange(p.name, e.currentTarget.value)}
          />
        );
      })}
    </SimpleGrid>
  );
}
