import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { AuthLayout } from './auth/AuthLayout.tsx';
import { AuthRoot } from './auth/AuthRoot.tsx';
import { RequirePasswordSession, RequireSignedIn } from './auth/guards.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
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

const practiceRoute = lazyPage(() => import('./practice/PracticeRoute.tsx'), 'PracticeRoute');

/**
 * Public: the root (setup pending on a fresh install, else on to home or sign-in), the sign-in
 * pages (their own frame) and About & status. Everything else needs a full session; MFA
 * enrolment only the password step.
 */
const router = createBrowserRouter([
  // A practice's public status page: no session, no app frame.
  { path: 'status/:slug', ...lazyPage(() => import('./monitoring/PublicStatusPage.tsx'), 'PublicStatusPage') },
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
          // The patient intake form and its follow link: public, no session, nothing of the signed-in app.
          { path: 'intake/:formId', ...lazyPage(() => import('./intake/IntakePage.tsx'), 'IntakePage') },
          { path: 'follow', ...lazyPage(() => import('./intake/FollowPage.tsx'), 'FollowPage') },
          { index: true, ...lazyPage(() => import('./home/RootPage.tsx'), 'RootPage') },
        ],
      },
      {
        path: '/',
        ...lazyPage(() => import('./layout/AppLayout.tsx'), 'AppLayout'),
        children: [
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
              { path: 'home', ...lazyPage(() => import('./home/HomePage.tsx'), 'HomePage') },
              {
                path: 'home/practices/:practiceId',
                ...lazyPage(() => import('./home/PracticeHomePage.tsx'), 'PracticeHomePage'),
              },
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
              { path: 'overview', ...lazyPage(() => import('./monitoring/OverviewPage.tsx'), 'OverviewPage') },
              {
                path: 'monitoring',
                ...practiceRoute,
                children: [
                  { index: true, ...lazyPage(() => import('./monitoring/MonitoringPage.tsx'), 'MonitoringPage') },
                  {
                    path: 'maintenance',
                    ...lazyPage(() => import('./monitoring/MaintenanceCalendarPage.tsx'), 'MaintenanceCalendarPage'),
                  },
                  { path: ':checkId', ...lazyPage(() => import('./monitoring/CheckPage.tsx'), 'CheckPage') },
                ],
              },
              { path: 'account', element: <Navigate to="/account/sessions" replace /> },
              { path: 'account/sessions', ...lazyPage(() => import('./account/SessionsPage.tsx'), 'SessionsPage') },
              { path: 'account/password', ...lazyPage(() => import('./account/PasswordPage.tsx'), 'PasswordPage') },
              {
                path: 'account/notifications',
                ...lazyPage(() => import('./notify/NotificationsPage.tsx'), 'NotificationsPage'),
              },
              {
                path: 'account/notices',
                ...lazyPage(() => import('./notify/AccountNoticesPage.tsx'), 'AccountNoticesPage'),
              },
              { path: 'system/jobs', ...lazyPage(() => import('./system/DeadJobsPage.tsx'), 'DeadJobsPage') },
              {
                path: 'system/webhooks',
                ...lazyPage(() => import('./system/OrganizationWebhooksPage.tsx'), 'OrganizationWebhooksPage'),
              },
              {
                path: 'practice',
                ...practiceRoute,
                children: [
                  { index: true, element: <Navigate to="/practice/people" replace /> },
                  { path: 'people', ...lazyPage(() => import('./practice/PeoplePage.tsx'), 'PeoplePage') },
                  { path: 'api-tokens', ...lazyPage(() => import('./practice/ApiTokensPage.tsx'), 'ApiTokensPage') },
                  { path: 'webhooks', ...lazyPage(() => import('./practice/WebhooksPage.tsx'), 'WebhooksPage') },
                  { path: 'audit', ...lazyPage(() => import('./audit/AuditPage.tsx'), 'AuditPage') },
                  { path: 'outbox', ...lazyPage(() => import('./notify/OutboxPage.tsx'), 'OutboxPage') },
                  { path: 'desk', ...lazyPage(() => import('./desk/DeskQueuePage.tsx'), 'DeskQueuePage') },
                  {
                    path: 'desk/settings',
                    ...lazyPage(() => import('./desk/DeskSettingsPage.tsx'), 'DeskSettingsPage'),
                  },
                  { path: 'desk/new', ...lazyPage(() => import('./desk/NewTicketPage.tsx'), 'NewTicketPage') },
                  {
                    path: 'desk/reports',
                    ...lazyPage(() => import('./desk/DeskReportPage.tsx'), 'DeskReportPage'),
                  },
                  { path: 'desk/tickets/:ticketId', ...lazyPage(() => import('./desk/TicketPage.tsx'), 'TicketPage') },
                  { path: 'backups', ...lazyPage(() => import('./backups/BackupsPage.tsx'), 'BackupsPage') },
                  {
                    path: 'backups/report',
                    ...lazyPage(() => import('./backups/BackupReportPage.tsx'), 'BackupReportPage'),
                  },
                  {
                    path: 'backups/jobs/:jobId',
                    ...lazyPage(() => import('./backups/BackupJobPage.tsx'), 'BackupJobPage'),
                  },
                  {
                    path: 'backups/systems/:systemId',
                    ...lazyPage(() => import('./backups/BackupSystemPage.tsx'), 'BackupSystemPage'),
                  },
                  { path: 'devices', ...lazyPage(() => import('./devices/DevicesPage.tsx'), 'DevicesPage') },
                  { path: 'devices/:deviceId', ...lazyPage(() => import('./devices/DevicePage.tsx'), 'DevicePage') },
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

/**
 * Resolves once the router has the current address's page code (its lazy routes loaded). Until
 * then it would draw nothing, so main.tsx waits for it before replacing the prerendered frame.
 */
export function routerReady(): Promise<void> {
  return new Promise((resolve) => {
    if (router.state.initialized) return resolve();
    const unsubscribe = router.subscribe((state) => {
      if (!state.initialized) return;
      unsubscribe();
      resolve();
    });
  });
}

export function App() {
  return <RouterProvider router={router} />;
}
