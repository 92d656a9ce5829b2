import { useState } from 'preact/hooks';
import { PASSWORD_RULE } from '../../../../engine/auth/password-rule';
import { api, rememberCsrfToken } from '../api';
import { FormError, TextField } from '../components/field';
import { useLoad, useSubmit } from '../hooks';
import { navigate } from '../router';

/** The secret of a one-time link sits after `#token=`: it never reaches the server's logs. */
const linkToken = () => new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

/** Where an invitation link lands: set a password (or give your existing one) and join. */
export function JoinPage({ onDone }: { onDone: () => Promise<void> }) {
  const token = linkToken();
  const invitation = useLoad(() => api.lookupInvitation(token), [token]);
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    rememberCsrfToken((await api.acceptInvitation({ token, password })).csrfToken);
    history.replaceState(null, '', '/');
    await onDone();
    navigate('/', { replace: true });
  });
  if (invitation.error)
    return (
      <main class="narrow">
        <h1>Join Tributary</h1>
        <p class="form-error" role="alert">
          {invitation.error.message}
        </p>
      </main>
    );
  if (!invitation.data) return <p class="loading">Loading invitation...</p>;
  const { email, role, workspaceName, hasAccount } = invitation.data;
  return (
    <main class="narrow">
      <h1>Join {workspaceName}</h1>
      <p>
        You are invited as <strong>{role}</strong> with <strong>{email}</strong>.
      </p>
      <form onSubmit={form.submit} noValidate>
        <FormError message={form.message} />
        <TextField
          id="join-password"
          label={hasAccount ? 'Your current password' : 'Choose a password'}
          type="password"
          autocomplete={hasAccount ? 'current-password' : 'new-password'}
          description={hasAccount ? 'This email already has an account.' : PASSWORD_RULE}
          value={password}
          onInput={setPassword}
          error={form.error('password')}
        />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Joining...' : `Join ${workspaceName}`}
        </button>
      </form>
    </main>
  );
}

/** Where a password reset link lands: choose a new password, then log in with it. */
export function ResetPasswordPage({ onDone }: { onDone: () => Promise<void> }) {
  const token = linkToken();
  const reset = useLoad(() => api.lookupPasswordReset(token), [token]);
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    const { email } = await api.completePasswordReset({ token, password });
    rememberCsrfToken((await api.login({ email, password })).csrfToken);
    history.replaceState(null, '', '/');
    await onDone();
    navigate('/', { replace: true });
  });
  if (reset.error)
    return (
      <main class="narrow">
        <h1>Set a new password</h1>
        <p class="form-error" role="alert">
          {reset.error.message}
        </p>
      </main>
    );
  if (!reset.data) return <p class="loading">Loading...</p>;
  return (
    <main class="narrow">
      <h1>Set a new password for {reset.data.email}</h1>
      <form onSubmit={form.submit} noValidate>
        <FormError message={form.message} />
        <TextField
          id="reset-password"
          label="New password"
          type="password"
          autocomplete="new-password"
          description={PASSWORD_RULE}
          value={password}
          onInput={setPassword}
          error={form.error('password')}
        />
        <button type="submit" class="primary" disabled={form.busy}>
          Set password and log in
        </button>
      </form>
    </main>
  );
}
