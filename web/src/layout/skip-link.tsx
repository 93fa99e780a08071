import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './layout.module.css';

export const MAIN_CONTENT_ID = 'main-content';

/** The first focusable element: jumps past the header and navigation to the page's `main`. */
export function SkipLink() {
  const { t } = useTranslation();
  // Focus `main` directly rather than following the hash, which would add `#main-content` to the URL.
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById(MAIN_CONTENT_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  };
  return (
    <a href={`#${MAIN_CONTENT_ID}`} className={classes.skipLink} onClick={skip} data-testid="skip-link">
      {t('layout.skipToContent')}
    </a>
  );
}
