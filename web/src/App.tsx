import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { AuthLayout } from './auth/AuthLayout.tsx';
import { AuthRoot } from './auth/AuthRoot.tsx';
import { RequirePasswordSession, RequireSignedIn } from './auth/guards.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { modules } from './layout/modules.ts';
import { PageTitle } from './ui/PageTitle.tsx';

/**
 * A route whose component is loaded when the route is first visited (React Router waits for it
 * before leaving the current page). Only the sign-in page and the frames around it are in the
 * first download: every other page, and the libraries only it uses (charts, the grid, YAML),
 * come in their own files.
 */
function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: (await load())[name] }) };
}

function NotFound() {
  return (
    <PageTitle
      title="Page not found"
      description="There is no page at this address. Use the navigation to find your way."
    />
  );
}

/** A module not built yet: its page says what it will do. */
function pendingModuleRoute(module: (typeof modules)[number]): RouteObject {
  return {
    path: module.path.slice(1),
    lazy: async () => {
      const { ModulePending } = await import('./layout/ModulePending.tsx');
      return { Component: () => <ModulePending module={module} /> };
    },
  };
}

const practiceRoute = lazyPage(() => import('./practice/PracticeRoute.tsx'), 'PracticeRoute');

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
          { path: 'sign-in/mfa', ...lazyPage(() => import('./auth/MfaPage.tsx'), 'MfaPage') },
          { path: 'set-password', ...lazyPage(() => import('./auth/PasswordLinkPage.tsx'), 'SetPasswordPage') },
          { path: 'forgot-password', ...lazyPage(() => import('./auth/ForgotPasswordPage.tsx'), 'ForgotPasswordPage') },
          { path: 'reset-password', ...lazyPage(() => import('./auth/PasswordLinkPage.tsx'), 'ResetPasswordPage') },
          { path: 'invitation', ...lazyPage(() => import('./auth/InvitationPage.tsx'), 'InvitationPage') },
          { path: 'setup', ...lazyPage(() => import('./auth/SetupPage.tsx'), 'SetupPage') },
        ],
      },
      {
        path: '/',
        ...lazyPage(() => import('./layout/AppLayout.tsx'), 'AppLayout'),
        children: [
          { index: true, element: <Navigate to="/about" replace /> },
          { path: 'about', ...lazyPage(() => import('./system/StatusPage.tsx'), 'StatusPage') },
          {
            element: <RequirePasswordSession />,
            children: [
              { path: 'account/mfa', ...lazyPage(() => import('./account/MfaEnrolmentPage.tsx'), 'MfaEnrolmentPage') },
            ],
          },
          {
            element: <RequireSignedIn />,
            children: [
              ...modules.filter((module) => !module.shipped).map(pendingModuleRoute),
              {
                path: 'advisor',
                ...practiceRoute,
                children: [
                  { index: true, ...lazyPage(() => import('./advisor/AdvisorPage.tsx'), 'AdvisorPage') },
                  { path: 'compare', ...lazyPage(() => import('./advisor/ComparePage.tsx'), 'ComparePage') },
                  {
                    path: ':assessmentId',
                    ...lazyPage(() => import('./advisor/AssessmentPage.tsx'), 'AssessmentPage'),
                  },
                ],
              },
              {
                path: 'responsibilities',
                ...practiceRoute,
                children: [
                  { index: true, ...lazyPage(() => import('./matrix/MatrixPage.tsx'), 'MatrixPage') },
                  { path: 'diff', ...lazyPage(() => import('./matrix/DiffPage.tsx'), 'DiffPage') },
                ],
              },
              { path: 'account', element: <Navigate to="/account/sessions" replace /> },
              { path: 'account/sessions', ...lazyPage(() => import('./account/SessionsPage.tsx'), 'SessionsPage') },
              { path: 'account/password', ...lazyPage(() => import('./account/PasswordPage.tsx'), 'PasswordPage') },
              {
                path: 'practice',
                ...practiceRoute,
                children: [
                  { index: true, element: <Navigate to="/practice/people" replace /> },
                  { path: 'people', ...lazyPage(() => import('./practice/PeoplePage.tsx'), 'PeoplePage') },
                  { path: 'api-tokens', ...lazyPage(() => import('./practice/ApiTokensPage.tsx'), 'ApiTokensPage') },
                  { path: 'audit', ...lazyPage(() => import('./audit/AuditPage.tsx'), 'AuditPage') },
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
