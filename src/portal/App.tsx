import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout, BareLayout } from './components/Layout.tsx';
import { Loading } from './components/Notice.tsx';
import { AcceptInvitation } from './pages/AcceptInvitation.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { Accounts } from './pages/Accounts.tsx';
import { ApiKeys } from './pages/ApiKeys.tsx';
import { AttributeDefinitions } from './pages/AttributeDefinitions.tsx';
import { AuditLog } from './pages/AuditLog.tsx';
import { ContactPage } from './pages/ContactPage.tsx';
import { Contacts } from './pages/Contacts.tsx';
import { EmailPreferences } from './pages/EmailPreferences.tsx';
import { ForgotPassword } from './pages/ForgotPassword.tsx';
import { Imports } from './pages/Imports.tsx';
import { ImportPage, NewImport } from './pages/ImportWizard.tsx';
import { Members } from './pages/Members.tsx';
import { NewWorkspace } from './pages/NewWorkspace.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { Outbox } from './pages/Outbox.tsx';
import { Overview } from './pages/Overview.tsx';
import { ResetPassword } from './pages/ResetPassword.tsx';
import { Settings } from './pages/Settings.tsx';
import { Setup } from './pages/Setup.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Surveys } from './pages/Surveys.tsx';
import { Touchpoints } from './pages/Touchpoints.tsx';
import { Units } from './pages/Units.tsx';
import { Users } from './pages/Users.tsx';
import { Webhooks } from './pages/Webhooks.tsx';

// The editor carries the survey definition's schema (zod): loaded only when a survey is opened.
// Distribution pages load with their part of the menu.
const DistributionLayout = lazy(() => import('./pages/distribution/DistributionLayout.tsx').then((m) => ({ default: m.DistributionLayout })));
const Funnel = lazy(() => import('./pages/distribution/Funnel.tsx').then((m) => ({ default: m.Funnel })));
const Waves = lazy(() => import('./pages/distribution/Waves.tsx').then((m) => ({ default: m.Waves })));
const Triggers = lazy(() => import('./pages/distribution/Triggers.tsx').then((m) => ({ default: m.Triggers })));
const SendingSettings = lazy(() => import('./pages/distribution/SendingSettings.tsx').then((m) => ({ default: m.SendingSettings })));
// Insight carries the chart library: loaded when it is opened.
const InsightLayout = lazy(() => import('./pages/insight/InsightLayout.tsx').then((m) => ({ default: m.InsightLayout })));
const OverviewView = lazy(() => import('./pages/insight/Dashboard.tsx').then((m) => ({ default: m.OverviewView })));
const TrendView = lazy(() => import('./pages/insight/Trend.tsx').then((m) => ({ default: m.TrendView })));
const BreakdownView = lazy(() => import('./pages/insight/Breakdown.tsx').then((m) => ({ default: m.BreakdownView })));
const CommentsView = lazy(() => import('./pages/insight/Comments.tsx').then((m) => ({ default: m.CommentsView })));
const WallView = lazy(() => import('./pages/insight/Wall.tsx').then((m) => ({ default: m.WallView })));
const ResponsesView = lazy(() => import('./pages/insight/Responses.tsx').then((m) => ({ default: m.ResponsesView })));
const ResponseDetailPage = lazy(() => import('./pages/insight/ResponseDetail.tsx').then((m) => ({ default: m.ResponseDetailPage })));
const TvMode = lazy(() => import('./pages/insight/Tv.tsx').then((m) => ({ default: m.TvMode })));
// Cases: the closed loop's screens, loaded with their part of the menu.
const CasesLayout = lazy(() => import('./pages/cases/CasesLayout.tsx').then((m) => ({ default: m.CasesLayout })));
const CaseList = lazy(() => import('./pages/cases/CaseList.tsx').then((m) => ({ default: m.CaseList })));
const CasePage = lazy(() => import('./pages/cases/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const AlertRules = lazy(() => import('./pages/cases/AlertRules.tsx').then((m) => ({ default: m.AlertRules })));
const LoopSettings = lazy(() => import('./pages/cases/LoopSettings.tsx').then((m) => ({ default: m.LoopSettings })));
const CaseKpis = lazy(() => import('./pages/cases/CaseKpis.tsx').then((m) => ({ default: m.CaseKpis })));
const SurveyEditorPage = lazy(() => import('./pages/surveys/SurveyEditor.tsx').then((m) => ({ default: m.SurveyEditorPage })));

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignIn />} />
      <Route path="/setup" element={<Setup />} />
      <Route path="/invitation" element={<AcceptInvitation />} />
      <Route path="/forgot-password" element={<ForgotPassword />} />
      <Route path="/reset-password" element={<ResetPassword />} />
      <Route element={<BareLayout />}>
        <Route
          path="tv"
          element={
            <Suspense fallback={<Loading what="TV mode" />}>
              <TvMode />
            </Suspense>
          }
        />
      </Route>
      <Route element={<AppLayout />}>
        <Route index element={<Overview />} />
        <Route path="units" element={<Units />} />
        <Route path="members" element={<Members />} />
        <Route path="contacts" element={<Contacts />} />
        <Route path="contacts/:id" element={<ContactPage />} />
        <Route path="imports" element={<Imports />} />
        <Route path="imports/new" element={<NewImport />} />
        <Route path="imports/:id" element={<ImportPage />} />
        <Route path="surveys" element={<Surveys />} />
        <Route
          path="surveys/:id"
          element={
            <Suspense fallback={<Loading what="the survey editor" />}>
              <SurveyEditorPage />
            </Suspense>
          }
        />
        <Route
          path="distribution"
          element={
            <Suspense fallback={<Loading what="distribution" />}>
              <DistributionLayout />
            </Suspense>
          }
        >
          <Route index element={<Funnel />} />
          <Route path="waves" element={<Waves />} />
          <Route path="triggers" element={<Triggers />} />
          <Route path="settings" element={<SendingSettings />} />
        </Route>
        <Route
          path="insight"
          element={
            <Suspense fallback={<Loading what="insight" />}>
              <InsightLayout />
            </Suspense>
          }
        >
          <Route index element={<OverviewView />} />
          <Route path="trend" element={<TrendView />} />
          <Route path="breakdown" element={<BreakdownView />} />
          <Route path="comments" element={<CommentsView />} />
          <Route path="wall" element={<WallView />} />
          <Route path="responses" element={<ResponsesView />} />
        </Route>
        <Route
          path="insight/responses/:id"
          element={
            <Suspense fallback={<Loading what="the response" />}>
              <ResponseDetailPage />
            </Suspense>
          }
        />
        <Route
          path="cases"
          element={
            <Suspense fallback={<Loading what="cases" />}>
              <CasesLayout />
            </Suspense>
          }
        >
          <Route index element={<CaseList />} />
          <Route path="rules" element={<AlertRules />} />
          <Route path="settings" element={<LoopSettings />} />
          <Route path="kpis" element={<CaseKpis />} />
          <Route path=":id" element={<CasePage />} />
        </Route>
        <Route path="accounts" element={<Accounts />} />
        <Route path="accounts/:id" element={<AccountPage />} />
        <Route path="users" element={<Users />} />
        <Route path="api-keys" element={<ApiKeys />} />
        <Route path="audit-log" element={<AuditLog />} />
        <Route path="outbox" element={<Outbox />} />
        <Route path="webhooks" element={<Webhooks />} />
        <Route path="settings" element={<Settings />} />
        <Route path="settings/attributes" element={<AttributeDefinitions />} />
        <Route path="settings/touchpoints" element={<Touchpoints />} />
        <Route path="preferences" element={<EmailPreferences />} />
        <Route path="workspaces/new" element={<NewWorkspace />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
