import { LoadingOutlined } from '@ant-design/icons';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Component, lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError } from './api/client';
import { SessionProvider, useAbility, useSession } from './auth/session';
import { Loading, NotFound } from './components/common';
import { AppLayout } from './components/Layout';
import { I18nProvider, useI18n } from './i18n/i18n';
import { homeOf } from './lib/home';
import { useReducedMotion } from './lib/motion';
import { ApplyPage, TrackPage } from './pages/ApplyPage';
import { CatalogueDetailPage, CataloguePage } from './pages/CataloguePage';
import { DocumentFormPage } from './pages/DocumentFormPage';
import { DocumentPage } from './pages/DocumentPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { LoginPage } from './pages/LoginPage';
import { TasksPage } from './pages/TasksPage';

const ApplicationsPage = lazy(() => import('./pages/applications/ApplicationsPage').then((m) => ({ default: m.ApplicationsPage })));
const ApplicationPage = lazy(() => import('./pages/applications/ApplicationPage').then((m) => ({ default: m.ApplicationPage })));
const ReportPage = lazy(() => import('./pages/report/ReportPage').then((m) => ({ default: m.ReportPage })));
const UnitsPage = lazy(() => import('./pages/admin/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const UsersPage = lazy(() => import('./pages/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const SecurityPage = lazy(() => import('./pages/SecurityPage').then((m) => ({ default: m.SecurityPage })));
const StepDeadlinesPage = lazy(() => import('./pages/admin/StepDeadlinesPage').then((m) => ({ default: m.StepDeadlinesPage })));
const ConsultationsPage = lazy(() => import('./pages/consultations/ConsultationsPage').then((m) => ({ default: m.ConsultationsPage })));
const ConsultationAnswerPage = lazy(() => import('./pages/consultations/AnswerPage').then((m) => ({ default: m.ConsultationAnswerPage })));
const DelegationsPage = lazy(() => import('./pages/DelegationsPage').then((m) => ({ default: m.DelegationsPage })));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const SupervisionPage = lazy(() => import('./pages/SupervisionPage').then((m) => ({ default: m.SupervisionPage })));
const UnitGuidesPage = lazy(() => import('./pages/units/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const GuidePage = lazy(() => import('./pages/units/GuidePage').then((m) => ({ default: m.GuidePage })));
const ProfileEditPage = lazy(() => import('./pages/units/ProfileEditPage').then((m) => ({ default: m.ProfileEditPage })));
const ComplainPage = lazy(() => import('./pages/complaints/ComplainPage').then((m) => ({ default: m.ComplainPage })));
const ComplaintTrackPage = lazy(() => import('./pages/complaints/ComplainPage').then((m) => ({ default: m.ComplaintTrackPage })));
const ComplaintsPage = lazy(() => import('./pages/complaints/ComplaintsPage').then((m) => ({ default: m.ComplaintsPage })));
const ComplaintPage = lazy(() => import('./pages/complaints/ComplaintPage').then((m) => ({ default: m.ComplaintPage })));
const ChannelsPage = lazy(() => import('./pages/ChannelsPage').then((m) => ({ default: m.ChannelsPage })));
const ReferralsPage = lazy(() => import('./pages/referrals/ReferralsPage').then((m) => ({ default: m.ReferralsPage })));
const ReferralPage = lazy(() => import('./pages/referrals/ReferralPage').then((m) => ({ default: m.ReferralPage })));
const AppealsPage = lazy(() => import('./pages/applications/Appeals').then((m) => ({ default: m.AppealsPage })));
const ProposalsPage = lazy(() => import('./pages/applications/ProposalsPage').then((m) => ({ default: m.ProposalsPage })));
const CalendarPage = lazy(() => import('./pages/admin/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const PerformancePage = lazy(() => import('./pages/performance/PerformancePage').then((m) => ({ default: m.PerformancePage })));
const UnitStatisticsPage = lazy(() => import('./pages/units/UnitStatisticsPage').then((m) => ({ default: m.UnitStatisticsPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors will not get better by asking again; network and server errors may.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
    mutations: { retry: false },
  },
});

/** Colours with at least 4.5:1 contrast for text (WCAG AA). */
const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1554b8',
    colorLink: '#1554b8',
    colorError: '#b42318',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.66)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
  },
};

/**
 * Buttons show their loading icon without antd's width animation: the animated icon leaves the
 * button only on a transitionend that does not always come (a short request, a busy page), and
 * then stays inside it, its "loading" label still part of the button's name, after the request
 * has ended. A plain icon is there exactly while the button is loading.
 */
const BUTTON_CONFIG = { autoInsertSpace: false, loadingIcon: <LoadingOutlined /> };

/** The theme without Ant Design's motion, for a user who asks for reduced motion (lib/motion.ts). */
const STILL_THEME: ThemeConfig = { ...theme, token: { ...theme.token, motion: false } };

function Providers({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const still = useReducedMotion();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={still ? STILL_THEME : theme} button={BUTTON_CONFIG}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function RequireAuth({ children, can }: { children: ReactNode; can?: [string, string] }) {
  const { token, loading, user } = useSession();
  const ability = useAbility();
  const location = useLocation();
  if (!token) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (loading || !user) return <Loading />;
  if (can && !ability.can(can[0], can[1])) return <NotFound />;
  return <>{children}</>;
}

class ErrorBoundary extends Component<{ children: ReactNode; message: string }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return (
        <div role="alert" className="gk-crash">
          <h1>{this.props.message}</h1>
          <pre>{this.state.error.message}</pre>
        </div>
      );
    }
    return this.props.children;
  }
}

function AppRoutes() {
  const { t } = useI18n();
  const authed = (el: ReactNode, can?: [string, string]) => <RequireAuth can={can}>{el}</RequireAuth>;
  return (
    <ErrorBoundary message={t('error.boundary')}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="*"
          element={
            <AppLayout>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/" element={<Home />} />
                  <Route path="/tasks" element={authed(<TasksPage />)} />
                  <Route path="/documents" element={authed(<DocumentsPage />)} />
                  <Route path="/documents/new" element={authed(<DocumentFormPage />, ['create', 'Document'])} />
                  <Route path="/documents/:id" element={authed(<DocumentPage />)} />
                  <Route path="/documents/:id/edit" element={authed(<DocumentFormPage />)} />
                  <Route path="/documents/:id/consultations/:cid" element={authed(<ConsultationAnswerPage />)} />
                  <Route path="/consultations" element={authed(<ConsultationsPage />, ['read', 'Consultation'])} />
                  <Route path="/delegations" element={authed(<DelegationsPage />, ['create', 'Delegation'])} />
                  <Route path="/notifications" element={authed(<NotificationsPage />)} />
                  <Route path="/supervision" element={authed(<SupervisionPage />, ['read', 'Supervision'])} />
                  <Route path="/catalogue" element={<CataloguePage />} />
                  <Route path="/catalogue/:indexNo" element={<CatalogueDetailPage />} />
                  <Route path="/units" element={<UnitGuidesPage />} />
                  <Route path="/units/:code" element={<GuidePage />} />
                  <Route path="/units/:code/statistics" element={<UnitStatisticsPage />} />
                  <Route path="/units/:code/profile" element={authed(<ProfileEditPage />, ['update', 'UnitProfile'])} />
                  <Route path="/channels" element={authed(<ChannelsPage />, ['read', 'Channel'])} />
                  <Route path="/apply" element={<ApplyPage />} />
                  <Route path="/track" element={<TrackPage />} />
                  <Route path="/complain" element={<ComplainPage />} />
                  <Route path="/complain/track" element={<ComplaintTrackPage />} />
                  <Route path="/complaints" element={authed(<ComplaintsPage />, ['read', 'Complaint'])} />
                  <Route path="/complaints/:id" element={authed(<ComplaintPage />, ['read', 'Complaint'])} />
                  <Route path="/applications" element={authed(<ApplicationsPage />, ['manage', 'Application'])} />
                  <Route path="/applications/proposals" element={authed(<ProposalsPage />, ['manage', 'Application'])} />
                  <Route path="/applications/:id" element={authed(<ApplicationPage />, ['manage', 'Application'])} />
                  <Route path="/referrals" element={authed(<ReferralsPage />, ['read', 'Referral'])} />
                  <Route path="/referrals/:id" element={authed(<ReferralPage />, ['read', 'Referral'])} />
                  <Route path="/appeals" element={authed(<AppealsPage />, ['manage', 'Appeal'])} />
                  <Route path="/reports/annual" element={authed(<ReportPage />, ['read', 'Report'])} />
                  <Route path="/performance" element={authed(<PerformancePage />, ['read', 'Performance'])} />
                  <Route path="/admin/units" element={authed(<UnitsPage />, ['manage', 'Unit'])} />
                  <Route path="/admin/users" element={authed(<UsersPage />, ['manage', 'User'])} />
                  <Route path="/account/security" element={authed(<SecurityPage />)} />
                  <Route path="/admin/step-deadlines" element={authed(<StepDeadlinesPage />, ['manage', 'Settings'])} />
                  <Route path="/admin/calendar" element={authed(<CalendarPage />, ['manage', 'Calendar'])} />
                  <Route path="*" element={<NotFound />} />
                </Routes>
              </Suspense>
            </AppLayout>
          }
        />
      </Routes>
    </ErrorBoundary>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Providers>
          <BrowserRouter>
            <SessionProvider>
              <TitleSync />
              <AppRoutes />
            </SessionProvider>
          </BrowserRouter>
        </Providers>
      </I18nProvider>
    </QueryClientProvider>
  );
}

function Home() {
  const { token, user, loading } = useSession();
  if (!token) return <Navigate to="/login" replace />;
  if (loading || !user) return <Loading />;
  return <Navigate to={homeOf(user.roles)} replace />;
}

function TitleSync() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.title')}`;
  }, [t]);
  return null;
}
