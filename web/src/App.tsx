import { Loader, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { MfaEnrolmentPage } from './account/MfaEnrolmentPage.tsx';
import { PasswordPage } from './account/PasswordPage.tsx';
import { SessionsPage } from './account/SessionsPage.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { AuthLayout } from './auth/AuthLayout.tsx';
import { AuthRoot } from './auth/AuthRoot.tsx';
import { RequirePasswordSession, RequireSignedIn } from './auth/guards.tsx';
import { InvitationPage } from './auth/InvitationPage.tsx';
import { MfaPage } from './auth/MfaPage.tsx';
import { SetPasswordPage } from './auth/SetPasswordPage.tsx';
import { SetupPage } from './auth/SetupPage.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { ModulePending } from './layout/ModulePending.tsx';
import { modules } from './layout/modules.ts';
import { ApiTokensPage } from './practice/ApiTokensPage.tsx';
import { PeoplePage } from './practice/PeoplePage.tsx';
import { PracticeRoute } from './practice/PracticeRoute.tsx';
import { StatusPage } from './system/StatusPage.tsx';

// The advisor's pages carry the charting library and the engine's schemas: loaded when first opened.
const AdvisorPage = lazy(() => import('./advisor/AdvisorPage.tsx').then((m) => ({ default: m.AdvisorPage })));
const AssessmentPage = lazy(() => import('./advisor/AssessmentPage.tsx').then((m) => ({ default: m.AssessmentPage })));
const MatrixPage = lazy(() => import('./matrix/MatrixPage.tsx').then((m) => ({ default: m.MatrixPage })));
const DiffPage = lazy(() => import('./matrix/DiffPage.tsx').then((m) => ({ default: m.DiffPage })));
const ComparePage = lazy(() => import('./advisor/ComparePage.tsx').then((m) => ({ default: m.ComparePage })));

function Deferred({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loader aria-label="Loading the page" />}>{children}</Suspense>;
}

function NotFound() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>There is no page at this address. Use the navigation to find your way.</Text>
    </Stack>
  );
}

/**
 * Public: the sign-in pages (their own frame) and About & status. Everything else needs a full
 * session; MFA enrolment only the password step.
 */
const router = createBrowserRouter([
  {
    element: <AuthRoot />,
    children: [
      {
        element: <AuthLayout />,
        children: [
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-in/mfa', element: <MfaPage /> },
          { path: 'set-password', element: <SetPasswordPage /> },
          { path: 'invitation', element: <InvitationPage /> },
          { path: 'setup', element: <SetupPage /> },
        ],
      },
      {
        path: '/',
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to="/about" replace /> },
          { path: 'about', element: <StatusPage /> },
          { element: <RequirePasswordSession />, children: [{ path: 'account/mfa', element: <MfaEnrolmentPage /> }] },
          {
            element: <RequireSignedIn />,
            children: [
              ...modules
                .filter((module) => !module.shipped)
                .map((module) => ({ path: module.path.slice(1), element: <ModulePending module={module} /> })),
              {
                path: 'advisor',
                element: <PracticeRoute />,
                children: [
                  {
                    index: true,
                    element: (
                      <Deferred>
                        <AdvisorPage />
                      </Deferred>
                    ),
                  },
                  {
                    path: 'compare',
                    element: (
                      <Deferred>
                        <ComparePage />
                      </Deferred>
                    ),
                  },
                  {
                    path: ':assessmentId',
                    element: (
                      <Deferred>
                        <AssessmentPage />
                      </Deferred>
                    ),
                  },
                ],
              },
              {
                path: 'responsibilities',
                element: <PracticeRoute />,
                children: [
                  {
                    index: true,
                    element: (
                      <Deferred>
                        <MatrixPage />
                      </Deferred>
                    ),
                  },
                  {
                    path: 'diff',
                    element: (
                      <Deferred>
                        <DiffPage />
                      </Deferred>
                    ),
                  },
                ],
              },
              { path: 'account', element: <Navigate to="/account/sessions" replace /> },
              { path: 'account/sessions', element: <SessionsPage /> },
              { path: 'account/password', element: <PasswordPage /> },
              {
                path: 'practice',
                element: <PracticeRoute />,
                children: [
                  { index: true, element: <Navigate to="/practice/people" replace /> },
                  { path: 'people', element: <PeoplePage /> },
                  { path: 'api-tokens', element: <ApiTokensPage /> },
                  { path: 'audit', element: <AuditPage /> },
                ],
              },
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
