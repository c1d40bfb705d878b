// The signed-in frame: a sidebar (a menu on phones) with the workspace switcher, the
// navigation the role may use and the account; the page in <main>.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router-dom';
import { NoWorkspace } from '../pages/NewWorkspace.tsx';
import { type Permissions, permissionsOf, SessionContext, type SignedIn, useMe, useSignOut } from '../session.tsx';
import { ErrorNotice, Loading } from './Notice.tsx';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';

interface NavItem {
  to: string;
  label: string;
  allowed: (p: Permissions) => boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Overview', allowed: () => true },
  { to: '/insight', label: 'Insight', allowed: () => true },
  { to: '/cases', label: 'Cases', allowed: () => true },
  { to: '/units', label: 'Units', allowed: (p) => p.seesUnits },
  { to: '/members', label: 'Members', allowed: () => true },
  { to: '/contacts', label: 'Contacts', allowed: () => true },
  // The roles canImportContacts lets import: those that manage contact data (owners, admins).
  { to: '/imports', label: 'Imports', allowed: (p) => p.manageContactData },
  { to: '/accounts', label: 'Accounts', allowed: () => true },
  { to: '/surveys', label: 'Surveys', allowed: () => true },
  { to: '/distribution', label: 'Distribution', allowed: (p) => p.viewDistribution },
  { to: '/users', label: 'Users and roles', allowed: (p) => p.seesWorkspace },
  { to: '/api-keys', label: 'API keys', allowed: (p) => p.manageAccess },
  { to: '/audit-log', label: 'Audit log', allowed: (p) => p.manageAccess },
  { to: '/outbox', label: 'Outbox', allowed: (p) => p.manageAccess },
  { to: '/webhooks', label: 'Webhooks', allowed: (p) => p.manageAccess },
  { to: '/settings', label: 'Workspace settings', allowed: (p) => p.editOrganisation },
  { to: '/settings/attributes', label: 'Contact attributes', allowed: (p) => p.manageContactData },
  { to: '/settings/touchpoints', label: 'Touchpoints', allowed: (p) => p.manageSurveys },
];

export function AppLayout() {
  return <SignedInOnly render={(session) => <Shell session={session} />} />;
}

/** A signed-in page without the sidebar, such as TV mode on a wall screen. */
export function BareLayout() {
  return (
    <SignedInOnly
      render={(session) => (
        <SessionContext.Provider value={session}>
          <Outlet />
        </SessionContext.Provider>
      )}
    />
  );
}

/** Sends people who are not signed in to the sign-in page (and back here afterwards). */
function SignedInOnly({ render }: { render: (session: SignedIn) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading what="Anbefal" />;
  if (me.isError) return <ErrorNotice error={me.error} />;
  if (!me.data) return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  const { workspace } = me.data;
  if (!workspace) return <NoWorkspace me={me.data} />;
  return render({ ...me.data, workspace });
}

function Shell({ session }: { session: SignedIn }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  const permissions = permissionsOf(session.workspace.role);

  // After client-side navigation, close the phone menu and move focus to the new page's heading.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    setMenuOpen(false);
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.pathname]);

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <header className="sidebar">
          <div className="sidebar-top">
            <NavLink to="/" className="brand">
              <img src="/favicon.svg" alt="" width="28" height="28" />
              Anbefal
            </NavLink>
            <button type="button" className="button menu-toggle" aria-expanded={menuOpen} aria-controls="app-menu" onClick={() => setMenuOpen((open) => !open)}>
              {menuOpen ? 'Close menu' : 'Menu'}
            </button>
          </div>
          <div id="app-menu" className="sidebar-body" data-open={menuOpen}>
            <WorkspaceSwitcher />
            <nav aria-label="Main">
              <ul className="nav-list">
                {NAV.filter((item) => item.allowed(permissions)).map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.to === '/' || item.to === '/settings'} onClick={() => setMenuOpen(false)}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <Account name={session.user.name} email={session.user.email} onNavigate={() => setMenuOpen(false)} />
          </div>
        </header>
        <main id="main" ref={main} className="content">
          <Outlet />
        </main>
      </div>
    </SessionContext.Provider>
  );
}

function Account({ name, email, onNavigate }: { name: string; email: string; onNavigate: () => void }) {
  const signOut = useSignOut();
  return (
    <div className="account">
      <p className="account-name">
        {name}
        <span className="muted">{email}</span>
      </p>
      <nav aria-label="Your account">
        <NavLink to="/preferences" className="tap-link" onClick={onNavigate}>
          Email preferences
        </NavLink>
      </nav>
      <button type="button" className="button" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        Sign out
      </button>
    </div>
  );
}
