/**
 * The frame of the signed-in pages as HTML, rendered at build time (web/prerender.ts, issue 22):
 * the header, an empty navigation column and the loader a page shows while the session loads.
 * The server sends it for the addresses drawn inside that frame (src/server/web-delivery.ts), so
 * the browser paints the frame from the HTML instead of after the scripts; main.tsx renders the
 * live page over it once the router has the page's code.
 *
 * One copy serves every person and every page, so it holds nothing of either: no name, no
 * practice, no navigation entries (some depend on the viewer's roles), no page title.
 */
import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { SessionLoading } from '../auth/guards.tsx';
import { AppFrame } from '../layout/AppFrame.tsx';
import { cssVariablesResolver, theme } from '../theme.ts';

export function renderAppFrameShell(): string {
  return renderToString(
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <AppFrame navigationOpen={false}>
        <SessionLoading />
      </AppFrame>
    </MantineProvider>,
  );
}
