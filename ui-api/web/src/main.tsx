import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, rememberCsrfToken } from './api';
import { Link, match, navigate, useLocation } from './router';
import { SessionContext } from './session';
import { returnAfterGoogle } from './components/account-form';
import type { Session } from './types';
import { SetupPage } from './pages/setup';
import { LoginPage } from './pages/login';
import { DashboardPage } from './pages/dashboard';
import { AccountsPage } from './pages/accounts';
import { RunLogPage } from './pages/run-log';
import { RunPage } from './pages/run';
import { Wizard } from './wizard/wizard';
import { MembersPage } from './pages/members';
import { AuditPage } from './pages/audit';
import { SettingsPage } from './pages/settings';
import { JoinPage, ResetPasswordPage } from './pages/join';
import { can } from '../../../engine/teams/roles';

/** Pages a signed-out visitor may stay on. */
const OPEN_PAGES = new Set(['/login', '/setup', '/join', '/reset-password']);

type SignedOut = { kind: 'loading' } | { kind: 'setup' } | { kind: 'login' } | { kind: 'error'; message: string };

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [signedOut, setSignedOut] = useState<SignedOut>({ kind: 'loading' });
  const { path, query } = useLocation();

  const refresh = useCallback(async () => {
    try {
      const current = await api.session();
      rememberCsrfToken(current.csrfToken);
      setSession(current);
    } catch (caught) {
      setSession(null);
      rememberCsrfToken(null);
      if (!(caught instanceof ApiError) || caught.status !== 401) {
        setSignedOut({ kind: 'error', message: caught instanceof Error ? caught.message : String(caught) });
        return;
      }
      const hinted = (caught.details as { setupRequired?: unknown } | null)?.setupRequired;
      const setupRequired =
        typeof hinted === 'boolean' ? hinted : (await api.setupStatus().catch(() => ({ needed: false }))).needed;
      setSignedOut({ kind: setupRequired ? 'setup' : 'login' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (session && (path === '/login' || path === '/setup')) navigate('/', { replace: true });
    const back = session && path === '/' ? returnAfterGoogle(query) : null;
    if (back) navigate(back, { replace: true });
    if (!session && signedOut.kind === 'setup' && path !== '/setup') navigate('/setup', { replace: true });
    if (!session && signedOut.kind === 'login' && !OPEN_PAGES.has(path)) navigate('/login', { replace: true });
  }, [session, signedOut, path]);

  // One-time links open whoever is (or is not) logged in on this browser.
  if (path === '/join') return <JoinPage onDone={refresh} />;
  if (path === '/reset-password') return <ResetPasswordPage onDone={refresh} />;

  if (!session) {
    if (signedOut.kind === 'loading') return <p class="loading">Loading...</p>;
    if (signedOut.kind === 'error')
      return (
        <p role="alert" class="form-error">
          {signedOut.message}
        </p>
      );
    if (path === '/setup') return <SetupPage onDone={refresh} />;
    return <LoginPage onDone={refresh} />;
  }

  const role = session.workspace.role;
  const logout = async () => {
    await api.logout().catch(() => undefined);
    await refresh();
  };

  return (
    <SessionContext.Provider value={{ session, refresh }}>
      <header class="top">
        <Link href="/" class="brand">
          Tributary
        </Link>
        <nav aria-label="Main">
          <Link href="/">Connections</Link>
          {can(role, 'connections.build') && <Link href="/accounts">Accounts</Link>}
          {can(role, 'members.manage') && <Link href="/members">Members</Link>}
          {can(role, 'audit.read') && <Link href="/audit">Audit log</Link>}
          <Link href="/settings">Settings</Link>
        </nav>
        <span class="who">
          {session.workspace.name} · {session.user.email} · {role}
        </span>
        <button type="button" class="link-button" onClick={logout}>
          Log out
        </button>
      </header>
      <main>{page(path)}</main>
    </SessionContext.Provider>
  );
}

function page(path: string) {
  if (path === '/' || path === '/connections') return <DashboardPage />;
  if (path === '/accounts') return <AccountsPage />;
  if (path === '/members') return <MembersPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/connections/new') return <Wizard connectionId={null} step={1} />;
  let params = match('/connections/:id/edit', path);
  if (params) return <Wizard connectionId={params.id} step={null} />;
  params = match('/connections/:id/edit/:step', path);
  if (params) return <Wizard connectionId={params.id} step={Number(params.step) || 1} />;
  params = match('/connections/:id/runs', path);
  if (params) return <RunLogPage connectionId={params.id} />;
  params = match('/runs/:id', path);
  if (params) return <RunPage runId={params.id} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to your connections</Link>
      </p>
    </section>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
