import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { AppShell } from "./components/app-shell";
import { ErrorBoundary } from "./components/error-boundary";
import { GuestOnly, RequireAuth, RequireRole, Splash } from "./components/guards";
import { SECTIONS } from "./lib/nav";

const Dashboard = lazy(() => import("./pages/dashboard"));
const ComingSoon = lazy(() => import("./pages/coming-soon"));
const NotFound = lazy(() => import("./pages/not-found"));
const Login = lazy(() => import("./pages/auth/login"));
const Signup = lazy(() => import("./pages/auth/signup"));
const ForgotPassword = lazy(() => import("./pages/auth/forgot-password"));
const ResetPassword = lazy(() => import("./pages/auth/reset-password"));
const AcceptInvitation = lazy(() => import("./pages/auth/accept-invitation"));
const VerifyEmail = lazy(() => import("./pages/auth/verify-email"));
const Logout = lazy(() => import("./pages/auth/logout"));
const SettingsLayout = lazy(() => import("./pages/settings/layout"));
const Profile = lazy(() => import("./pages/settings/profile"));
const Password = lazy(() => import("./pages/settings/password"));
const Team = lazy(() => import("./pages/settings/team"));
const ApiKeys = lazy(() => import("./pages/settings/api-keys"));
const OrganizationSettings = lazy(() => import("./pages/settings/organization"));
const PipelinesSettings = lazy(() => import("./pages/settings/pipelines"));
const CustomFieldsSettings = lazy(() => import("./pages/settings/custom-fields"));
const Contacts = lazy(() => import("./pages/crm/contacts"));
const ContactPage = lazy(() => import("./pages/crm/contact"));
const Companies = lazy(() => import("./pages/crm/companies"));
const CompanyPage = lazy(() => import("./pages/crm/company"));
const Deals = lazy(() => import("./pages/crm/deals"));
const DealPage = lazy(() => import("./pages/crm/deal"));
const Tasks = lazy(() => import("./pages/crm/tasks"));
const Inbox = lazy(() => import("./pages/inbox"));
const WidgetSettings = lazy(() => import("./pages/settings/widget"));

export default function App() {
  return (
    <BrowserRouter>
      <ErrorBoundary>
        <Suspense fallback={<Splash />}>
          <Routes>
            <Route
              path="/login"
              element={
                <GuestOnly>
                  <Login />
                </GuestOnly>
              }
            />
            <Route
              path="/signup"
              element={
                <GuestOnly>
                  <Signup />
                </GuestOnly>
              }
            />
            <Route
              path="/forgot-password"
              element={
                <GuestOnly>
                  <ForgotPassword />
                </GuestOnly>
              }
            />
            <Route path="/reset-password" element={<ResetPassword />} />
            <Route path="/accept-invitation" element={<AcceptInvitation />} />
            <Route path="/verify-email" element={<VerifyEmail />} />
            <Route path="/logout" element={<Logout />} />
            <Route
              element={
                <RequireAuth>
                  <AppShell />
                </RequireAuth>
              }
            >
              <Route index element={<Dashboard />} />
              {SECTIONS.filter((s) => s.comingSoon).map((s) => (
                <Route key={s.path} path={`${s.path}/*`} element={<ComingSoon section={s} />} />
              ))}
              <Route path="/inbox/:id?" element={<Inbox />} />
              <Route path="/contacts" element={<Contacts />} />
              <Route path="/contacts/:id" element={<ContactPage />} />
              <Route path="/companies" element={<Companies />} />
              <Route path="/companies/:id" element={<CompanyPage />} />
              <Route path="/deals" element={<Deals />} />
              <Route path="/deals/:id" element={<DealPage />} />
              <Route path="/tasks" element={<Tasks />} />
              <Route path="/settings" element={<SettingsLayout />}>
                <Route index element={<Profile />} />
                <Route path="profile" element={<Profile />} />
                <Route path="password" element={<Password />} />
                <Route path="team" element={<Team />} />
                <Route
                  path="api-keys"
                  element={
                    <RequireRole min="admin">
                      <ApiKeys />
                    </RequireRole>
                  }
                />
                <Route path="organization" element={<OrganizationSettings />} />
                <Route
                  path="pipelines"
                  element={
                    <RequireRole min="admin">
                      <PipelinesSettings />
                    </RequireRole>
                  }
                />
                <Route
                  path="widget"
                  element={
                    <RequireRole min="admin">
                      <WidgetSettings />
                    </RequireRole>
                  }
                />
                <Route
                  path="custom-fields"
                  element={
                    <RequireRole min="admin">
                      <CustomFieldsSettings />
                    </RequireRole>
                  }
                />
              </Route>
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Suspense>
      </ErrorBoundary>
    </BrowserRouter>
  );
}
