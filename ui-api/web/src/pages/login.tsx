import { useState } from 'preact/hooks';
import { api, rememberCsrfToken } from '../api';
import { FormError, TextField } from '../components/field';
import { useSubmit } from '../hooks';

export function LoginPage({ onDone }: { onDone: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    rememberCsrfToken((await api.login({ email, password }))?.csrfToken ?? null);
    await onDone();
  });

  return (
    <main class="narrow">
      <h1>Log in to Tributary</h1>
      <form onSubmit={form.submit} noValidate>
        <FormError message={form.message} />
        <TextField
          id="login-email"
          label="Email"
          type="email"
          autocomplete="username"
          value={email}
          onInput={setEmail}
          error={form.error('email')}
        />
        <TextField
          id="login-password"
          label="Password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={setPassword}
          error={form.error('password')}
        />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Logging in...' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
