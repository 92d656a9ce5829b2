import { useState } from 'preact/hooks';
import { api, rememberCsrfToken } from '../api';
import { describedBy, Field, FormError, messageFor } from '../components/field';
import { browserTimezone, timezones } from '../format';
import { asApiError } from '../hooks';
import type { FieldProblem } from '../types';

/** First run: creates the owner and the workspace. */
export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [timezone, setTimezone] = useState(browserTimezone());
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    setMessage(null);
    try {
      const session = await api.setup({ email, password, workspaceName, timezone });
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
      <h1>Welcome to Tributary</h1>
      <p>Create the owner account and your workspace. You can invite others later.</p>
      <form onSubmit={submit} noValidate>
        <FormError message={message} />
        <Field id="setup-email" label="Email" required error={error('email')}>
          <input id="setup-email" type="email" autocomplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} {...describedBy('setup-email', false, error('email'))} />
        </Field>
        <Field id="setup-password" label="Password" required description="At least 12 characters." error={error('password')}>
          <input id="setup-password" type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} {...describedBy('setup-password', true, error('password'))} />
        </Field>
        <Field id="setup-workspace" label="Workspace name" required error={error('workspaceName')}>
          <input id="setup-workspace" value={workspaceName} onInput={(e) => setWorkspaceName(e.currentTarget.value)} {...describedBy('setup-workspace', false, error('workspaceName'))} />
        </Field>
        <Field id="setup-timezone" label="Time zone" description="Schedules and run times are shown in this zone." error={error('timezone')}>
          <select id="setup-timezone" value={timezone} onChange={(e) => setTimezone(e.currentTarget.value)} {...describedBy('setup-timezone', true, error('timezone'))}>
            {timezones().map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating...' : 'Create workspace'}
        </button>
      </form>
    </main>
  );
}
