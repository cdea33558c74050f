import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './print.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, routerReady } from './App.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The first render is a transition so that React yields to the browser every few milliseconds
// instead of holding the main thread for the whole tree (issue 22: total blocking time). When the
// page came prerendered (web/prerender.ts), the shell stays on screen until this render replaces
// it, which waits for the page's code: rendered earlier, the router would blank the shell.
await routerReady();
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
