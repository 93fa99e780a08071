import { Combobox, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchableIdType } from '../../../common/api/reports.js';
import { useIdSearch } from './queries.js';

interface IdFieldProps {
  type: SearchableIdType;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required: boolean;
  placeholder: string;
  testId: string;
}

/**
 * An id parameter's field: type a name, an e-mail, a title or an id and pick one of the
 * suggestions (arrows and Enter, or a click), which puts its id in the field. What is typed is
 * still a valid value on its own (the server looks names and e-mails up); the one picked is named
 * under the field.
 */
export function IdField({
  type,
  label,
  value,
  onChange,
  error,
  required,
  placeholder,
  testId,
}: IdFieldProps) {
  const { t } = useTranslation();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [opened, setOpened] = useState(false);
  const [q] = useDebouncedValue(value.trim(), 250);
  const search = useIdSearch(type, q, opened || q !== '');
  const items = search.data?.items ?? [];
  const chosen = /^\d+$/.test(value.trim()) ? items.find((i) => String(i.id) === value.trim()) : undefined;
  const open = () => {
    setOpened(true);
    combobox.openDropdown();
  };
  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(id) => {
        onChange(id);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target withExpandedAttribute>
        <TextInput
          label={label}
          value={value}
          error={error}
          required={required}
          placeholder={placeholder}
          description={chosen ? t('reports.idChosen', { label: chosen.label }) : undefined}
          autoComplete="off"
          onChange={(e) => {
            onChange(e.currentTarget.value);
            open();
            combobox.updateSelectedOptionIndex();
          }}
          onClick={open}
          onFocus={open}
          onBlur={() => combobox.closeDropdown()}
          data-testid={testId}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={items.length === 0 && !search.isSuccess}>
        <Combobox.Options data-testid={`${testId}-options`}>
          {items.length === 0 ? (
            <Combobox.Empty>{t('reports.idNone')}</Combobox.Empty>
          ) : (
            items.map((item) => (
              <Combobox.Option value={String(item.id)} key={item.id} data-testid="id-option">
                {item.label}{' '}
                <Text span size="xs" c="dimmed">
                  #{item.id}
                </Text>
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
