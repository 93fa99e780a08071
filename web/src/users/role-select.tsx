import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../common/roles.js';

interface RoleSelectProps {
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  description?: string;
  'data-testid'?: string;
}

export function RoleSelect({ value, onChange, ...props }: RoleSelectProps) {
  const { t } = useTranslation();
  const data = ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  return (
    <Select<Role>
      label={t('users.fields.role')}
      data={data}
      value={value}
      onChange={(role) => {
        if (role) onChange(role);
      }}
      allowDeselect={false}
      withAsterisk
      {...props}
    />
  );
}
