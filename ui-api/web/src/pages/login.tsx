import { useState } from 'preact/hooks';
import { api, rememberCsrfToken } from '../api';
import { describedBy, Field, FormError, messageFor } from '../components/field';
import { asApiError } from '../hooks';
import type { FieldProblem } from '../types';

export function LoginPage({ onDone }: { onDone: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    setMessage(null);
    try {
      const session = await api.login({ email, password });
      rememberCsrfToken(session?.csrfToken ?? null);
      await onDone();
    } catch (caught) {
      const error = asApiError(caught);
      setProblems(error.fields);
      setMessage(error.fields.length ? null : error.message);
    } finally {
      setBusy(false);
    }
  };
  const error = (field: string) => messageFor(problems, field);

  return (
    <main class="narrow">
      <h1>Log in to Tributary</h1>
      <form onSubmit={submit} noValidate>
        <FormError message={message} />
        <Field id="login-email" label="Email" error={error('email')}>
          <input id="login-email" type="email" autocomplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} {...describedBy('login-email', false, error('email'))} />
        </Field>
        <Field id="login-password" label="Password" error={error('password')}>
          <input id="login-password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} {...describedBy('login-password', false, error('password'))} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in...' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
