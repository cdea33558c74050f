import { Anchor } from '@mantine/core';
import './skip-link.css';

/** Where the skip link lands: the element holding the page's own content. */
export const mainContentId = 'main-content';

/**
 * The first thing a keyboard user reaches: a link past the header and navigation to the page's
 * content (WCAG 2.4.1). Hidden until it has focus.
 */
export function SkipLink() {
  return (
    <Anchor
      href={`#${mainContentId}`}
      className="tandem-skip-link"
      onClick={(event) => {
        // A hash change would be a route change to React Router: move focus instead.
        event.preventDefault();
        document.getElementById(mainContentId)?.focus();
      }}
    >
      Skip to main content
    </Anchor>
  );
}
