/**
 * The sign-in page as HTML, rendered at build time (web/prerender.ts, issue 22): the browser paints
 * the frame and the form as soon as the HTML and the stylesheet arrive, instead of after the
 * scripts have downloaded and run. main.tsx renders the live page over it.
 *
 * Only what looks the same before and after the scripts is here: no session, no setup notice
 * (both need the API), so the live page takes the shell's place without moving anything. The
 * shell's fields are read-only: the live page replaces them (it does not hydrate them), and what
 * someone typed into them in the meantime would silently vanish.
 */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { Route, Routes, StaticRouter } from 'react-router';
import { AuthLayout } from '../auth/AuthLayout.tsx';
import { SignInPage } from '../auth/SignInPage.tsx';
import { cssVariablesResolver, theme } from '../theme.ts';

export const signInPath = '/sign-in';

/** The fields of a rendered page made read-only. */
export function withReadOnlyFields(html: string): string {
  return html.replaceAll('<input ', '<input readonly="" ');
}

export function renderSignInShell(): string {
  const html = renderToString(
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={new QueryClient()}>
        <StaticRouter location={signInPath}>
          <Routes>
            <Route element={<AuthLayout />}>
              <Route path={signInPath} element={<SignInPage />} />
            </Route>
          </Routes>
        </StaticRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return withReadOnlyFields(html);
}
