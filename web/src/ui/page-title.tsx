import { Title } from '@mantine/core';
import { DocumentTitle } from './document-title.js';

/** A page's heading, also used as the browser tab title. */
export function PageTitle({ children }: { children: string }) {
  return (
    <>
      <DocumentTitle>{children}</DocumentTitle>
      <Title order={2}>{children}</Title>
    </>
  );
}
