import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface ShortcutHelpProps {
  opened: boolean;
  onClose: () => void;
  /** How many rubric items have a number key (1 to 9). */
  keyedItems: number;
}

/** The audit screen's keyboard shortcuts (`?`). */
export function ShortcutHelp({ opened, onClose, keyedItems }: ShortcutHelpProps) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [keyedItems > 1 ? `1 – ${keyedItems}` : '1', t('audit.shortcuts.toggle')],
    [t('audit.keys.enter'), t('audit.shortcuts.submit')],
    ['j', t('audit.shortcuts.next')],
    ['k', t('audit.shortcuts.previous')],
    ['n', t('audit.shortcuts.note')],
    [t('audit.keys.escape'), t('audit.shortcuts.leaveNote')],
    [t('audit.keys.ctrlEnter'), t('audit.shortcuts.submitFromNote')],
    ['?', t('audit.shortcuts.help')],
  ];
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('audit.shortcuts.title')}
      size="md"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Table verticalSpacing="xs" data-testid="shortcut-help">
        <Table.Tbody>
          {rows.map(([keys, action]) => (
            <Table.Tr key={action}>
              <Table.Td w={140}>
                <Kbd>{keys}</Kbd>
              </Table.Td>
              <Table.Td>{action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
