import { Stack, Text, Title } from '@mantine/core';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppLayout } from './layout/AppLayout.tsx';
import { ModulePending } from './layout/ModulePending.tsx';
import { modules } from './layout/modules.ts';
import { StatusPage } from './system/StatusPage.tsx';

function NotFound() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>There is no page at this address. Use the navigation to find your way.</Text>
    </Stack>
  );
}

const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/about" replace /> },
      { path: 'about', element: <StatusPage /> },
      ...modules.map((module) => ({ path: module.path.slice(1), element: <ModulePending module={module} /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
