import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ParamDeclView } from '../../../common/api/reports.js';

const INPUT_TYPES: Record<string, string> = {
  date: 'date',
  time: 'time',
  datetime: 'datetime-local',
  int: 'number',
  bigint: 'number',
  double: 'number',
};

/** One field per header parameter: date and time pickers, yes/no, lists as comma-separated text. */
export function ParamForm({
  params,
  values,
  onChange,
  problems,
}: {
  params: ParamDeclView[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  problems: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (params.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} data-testid="report-params">
      {params.map((p) => {
        const label = `${p.name} (${p.type}${p.nullable ? `, ${t('reports.optional')}` : ''})`;
        const placeholder =
          p.default ??
          (p.type.endsWith('_list') ? '1,2,3' : p.type.endsWith('_id') ? t('reports.idHint') : '');
        const common = {
          label,
          value: values[p.name] ?? '',
          error: problems[p.name],
          required: !p.nullable && p.default === null,
          'data-testid': `param-${p.name}`,
        };
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
