import { useState } from 'preact/hooks';
import { api, rememberCsrfToken } from '../api';
import { FormError, TextField } from '../components/field';
import { TimezoneField } from '../components/timezone-select';
import { browserTimezone } from '../format';
import { useSubmit } from '../hooks';
import { PASSWORD_RULE } from '../../../../engine/auth/password-rule';

/** First run: creates the owner and the workspace. */
export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [timezone, setTimezone] = useState(browserTimezone());
  const form = useSubmit(async () => {
    rememberCsrfToken((await api.setup({ email, password, workspaceName, timezone }))?.csrfToken ?? null);
    await onDone();
  });

  return (
    <main class="narrow">
      <h1>Welcome to Tributary</h1>
      <p>Create the owner account and your workspace. You can invite others later.</p>
      <form onSubmit={form.submit} noValidate>
        <FormError message={form.message} />
        <TextField
          id="setup-email"
          label="Email"
          type="email"
          autocomplete="email"
          required
          value={email}
          onInput={setEmail}
          error={form.error('email')}
        />
        <TextField
          id="setup-password"
          label="Password"
          type="password"
          autocomplete="new-password"
          required
          description={PASSWORD_RULE}
          value={password}
          onInput={setPassword}
          error={form.error('password')}
        />
        <TextField
          id="setup-workspace"
          label="Workspace name"
          required
          value={workspaceName}
          onInput={setWorkspaceName}
          error={form.error('workspaceName')}
        />
        <TimezoneField
          id="setup-timezone"
          value={timezone}
          onChange={setTimezone}
          description="Schedules and run times are shown in this zone."
          error={form.error('timezone')}
        />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Creating...' : 'Create workspace'}
        </button>
      </form>
    </main>
  );
}
