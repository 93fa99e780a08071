import { Modal } from '@mantine/core';

/**
 * Component defaults for the Parley theme that are about structure, not colour.
 * Import into `createTheme({ components })`.
 */
export const themeComponents = {
  // Mantine renders a dialog's header as `<header>` inside `<section role="dialog">`; a role'd section
  // is not sectioning content, so the header would count as a second `banner` landmark.
  ModalHeader: Modal.Header.extend({ defaultProps: { role: 'none' } }),
};
