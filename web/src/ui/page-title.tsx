import { Title } from '@mantine/core';
import { DocumentTitle } from './document-title.js';

/** A page's one `<h1>` (sized as before), also used as the browser tab title. */
export function PageTitle({ children }: { children: string }) {
  return (
    <>
      <DocumentTitle>{children}</DocumentTitle>
      <Title order={1} size="h2">
        {children}
      </Title>
    </>
  );
}
