import { useState } from 'preact/hooks';
import { PASSWORD_RULE } from '../../../../engine/auth/password-rule';
import { api } from '../api';
import { FormError, TextField } from '../components/field';
import { TimezoneField } from '../components/timezone-select';
import { useSubmit } from '../hooks';
import { navigate } from '../router';
import { useCan, useSession } from '../session';

/** Workspaces (switch, start, rename, delete) and your own password. */
export function SettingsPage() {
  const { session, refresh } = useSession();
  const mayManage = useCan('workspace.manage');
  const isOwner = useCan('workspace.own');
  const [newName, setNewName] = useState('');
  const [name, setName] = useState(session.workspace.name);
  const [timezone, setTimezone] = useState(session.workspace.timezone);
  const [confirmName, setConfirmName] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const switchTo = async (workspaceId: string) => {
    await api.switchWorkspace(workspaceId);
    await refresh();
    navigate('/');
  };
  const start = useSubmit(async () => {
    const workspace = await api.createWorkspace({ name: newName, timezone: session.workspace.timezone });
    setNewName('');
    await switchTo(workspace.id);
  });
  const rename = useSubmit(async () => {
    await api.renameWorkspace({ name, timezone });
    await refresh();
    setSaved('Workspace saved.');
  });
  const remove = useSubmit(async () => {
    await api.deleteWorkspace(confirmName);
    await refresh();
    navigate('/');
  });
  const password = useSubmit(async () => {
    await api.changePassword({ currentPassword: current, newPassword: next });
    setCurrent('');
    setNext('');
    setSaved('Password changed. Your other sessions have ended.');
  });

  return (
    <section>
      <h1>Settings</h1>
      {saved && (
        <p class="notice" role="status">
          {saved}
        </p>
      )}
      <h2>Your workspaces</h2>
      <ul aria-label="Your workspaces">
        {session.workspaces.map((workspace) => (
          <li key={workspace.id}>
            {workspace.name} ({workspace.role}){' '}
            {workspace.id === session.workspace.id ? (
              <strong>current</strong>
            ) : (
              <button type="button" class="link-button" onClick={() => switchTo(workspace.id)}>
                Switch to {workspace.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={start.submit} noValidate>
        <FormError message={start.message} />
        <TextField
          id="new-workspace"
          label="New workspace name"
          value={newName}
          onInput={setNewName}
          error={start.error('name')}
        />
        <button type="submit" disabled={start.busy}>
          Start a workspace
        </button>
      </form>

      {mayManage && (
        <form onSubmit={rename.submit} noValidate>
          <h2>This workspace</h2>
          <FormError message={rename.message} />
          <TextField id="workspace-name" label="Name" value={name} onInput={setName} error={rename.error('name')} />
          <TimezoneField id="workspace-timezone" value={timezone} onChange={setTimezone} error={rename.error('timezone')} />
          <button type="submit" disabled={rename.busy}>
            Save workspace
          </button>
        </form>
      )}

      {isOwner && (
        <form onSubmit={remove.submit} noValidate>
          <h2>Delete this workspace</h2>
          <p>Its connections, runs, run logs, accounts and audit log are deleted for everyone. This cannot be undone.</p>
          <FormError message={remove.message} />
          <TextField
            id="confirm-name"
            label={`Type “${session.workspace.name}” to confirm`}
            value={confirmName}
            onInput={setConfirmName}
            error={remove.error('confirmName')}
          />
          <button type="submit" class="danger" disabled={remove.busy || confirmName !== session.workspace.name}>
            Delete workspace
          </button>
        </form>
      )}

      <form onSubmit={password.submit} noValidate>
        <h2>Your password</h2>
        <FormError message={password.message} />
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          autocomplete="current-password"
          value={current}
          onInput={setCurrent}
          error={password.error('currentPassword')}
        />
        <TextField
          id="new-password"
          label="New password"
          type="password"
          autocomplete="new-password"
          description={PASSWORD_RULE}
          value={next}
          onInput={setNext}
          error={password.error('newPassword')}
        />
        <button type="submit" disabled={password.busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
