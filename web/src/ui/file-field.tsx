import { FileInput, type FileInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Mantine's FileInput, clearable, with a translated label on its clear button. */
export function FileField<Multiple extends boolean = false>(props: FileInputProps<Multiple>) {
  const { t } = useTranslation();
  return <FileInput clearable clearButtonProps={{ 'aria-label': t('common.clearFiles') }} {...props} />;
}
