import { useState } from 'preact/hooks';
import { api } from '../api';
import { FormError, Options, TextField } from '../components/field';
import { formatTime } from '../format';
import { asApiError, useLoad, useSubmit } from '../hooks';
import { useCan, useSession } from '../session';
import type { Member, Role } from '../types';

const ROLE_CHOICES: Array<{ value: Role; label: string }> = [
  { value: 'viewer', label: 'Viewer: reads connections and run logs' },
  { value: 'editor', label: 'Editor: builds and runs connections' },
  { value: 'admin', label: 'Admin: also accounts and members' },
  { value: 'owner', label: 'Owner: everything, deleting the workspace too' },
];

/** A link the API made, on this server, ready to copy. */
const fullLink = (path: string) => `${location.origin}${path}`;

export function MembersPage() {
  const { session } = useSession();
  const isOwner = useCan('workspace.own');
  const members = useLoad(() => api.members(), []);
  const invitations = useLoad(() => api.invitations(), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [made, setMade] = useState<{ text: string; link: string } | null>(null);
  const choices = ROLE_CHOICES.filter((c) => isOwner || c.value !== 'owner');

  const invite = useSubmit(async () => {
    const answer = await api.invite({ email, role });
    const mailed = answer.email.sent ? 'It was also emailed.' : 'Copy it and send it yourself.';
    setMade({ text: `Invitation link for ${email} (works once, for 7 days). ${mailed}`, link: fullLink(answer.path) });
    setEmail('');
    await invitations.reload();
  });

  return (
    <section>
      <h1>Members of {session.workspace.name}</h1>
      <h2>Invite someone</h2>
      <form onSubmit={invite.submit} noValidate>
        <FormError message={invite.message} />
        <TextField id="invite-email" label="Email" type="email" value={email} onInput={setEmail} error={invite.error('email')} />
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <Options choices={choices} />
          </select>
        </div>
        <button type="submit" class="primary" disabled={invite.busy}>
          {invite.busy ? 'Inviting...' : 'Invite'}
        </button>
      </form>
      {made && <LinkNotice text={made.text} link={made.link} label="Invitation link" />}

      <h2>Open invitations</h2>
      {invitations.data?.length ? (
        <ul class="cards" aria-label="Open invitations">
          {invitations.data.map((invitation) => (
            <li class="card" key={invitation.id}>
              <p>
                {invitation.email} as {invitation.role} ·{' '}
                {invitation.expired ? 'expired' : `expires ${formatTime(invitation.expiresAt, session.workspace.timezone)}`}
              </p>
              <button
                type="button"
                aria-label={`Revoke invitation: ${invitation.email}`}
                onClick={async () => {
                  await api.revokeInvitation(invitation.id);
                  await invitations.reload();
                }}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">No open invitations.</p>
      )}

      <h2>Members</h2>
      {members.error && (
        <p class="form-error" role="alert">
          {members.error.message}
        </p>
      )}
      <ul class="cards" aria-label="Members">
        {(members.data ?? []).map((member) => (
          <MemberRow key={member.userId} member={member} isOwner={isOwner} onChange={members.reload} />
        ))}
      </ul>
    </section>
  );
}

function LinkNotice(props: { text: string; link: string; label: string }) {
  return (
    <div class="notice" role="status">
      <p>{props.text}</p>
      <input readOnly aria-label={props.label} value={props.link} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

function MemberRow(props: { member: Member; isOwner: boolean; onChange: () => Promise<void> }) {
  const { member } = props;
  const { session } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const [reset, setReset] = useState<string | null>(null);
  const me = member.userId === session.user.id;
  // Admins manage everyone but owners; only an owner hands out or takes away ownership.
  const manageable = props.isOwner || member.role !== 'owner';
  const act = async (action: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await action();
      await props.onChange();
    } catch (caught) {
      setMessage(asApiError(caught).message);
    }
  };

  return (
    <li class="card">
      <p>
        <strong>{member.email}</strong>
        {me ? ' (you)' : ''} · joined {formatTime(member.joinedAt, session.workspace.timezone)}
      </p>
      <div class="actions">
        <label for={`role-${member.userId}`}>Role</label>
        <select
          id={`role-${member.userId}`}
          value={member.role}
          disabled={!manageable}
          onChange={(e) => act(() => api.changeRole(member.userId, e.currentTarget.value as Role))}
        >
          <Options choices={ROLE_CHOICES.filter((c) => props.isOwner || c.value !== 'owner' || member.role === 'owner')} />
        </select>
        {manageable && !me && (
          <>
            <button
              type="button"
              aria-label={`Password link: ${member.email}`}
              onClick={() => act(async () => setReset(fullLink((await api.passwordResetLink(member.userId)).path)))}
            >
              Password reset link
            </button>
            <button
              type="button"
              class="danger"
              aria-label={`Remove: ${member.email}`}
              onClick={() => act(() => api.removeMember(member.userId))}
            >
              Remove
            </button>
          </>
        )}
      </div>
      {reset && <LinkNotice text="One-time link to set a new password (valid one day):" link={reset} label="Password link" />}
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
    </li>
  );
}
