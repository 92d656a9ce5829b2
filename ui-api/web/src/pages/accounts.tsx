import { useState } from 'preact/hooks';
import { api } from '../api';
import { AccountForm } from '../components/account-form';
import { Options } from '../components/field';
import { formatTime, isTestModeHint } from '../format';
import { asApiError, useLoad } from '../hooks';
import { Link } from '../router';
import { useCan, useSession } from '../session';
import type { Account, ConnectorInfo } from '../types';

export function AccountsPage() {
  const accounts = useLoad(() => api.accounts(), []);
  const catalog = useLoad(() => api.connectors(), []);
  const [adding, setAdding] = useState<string>('');
  const withAccounts = (catalog.data ?? []).filter((c) => c.account);
  const connector = withAccounts.find((c) => c.name === adding);
  const mayManage = useCan('accounts.manage');

  if (accounts.error)
    return (
      <p class="form-error" role="alert">
        {accounts.error.message}
      </p>
    );
  return (
    <section>
      <h1>Accounts</h1>
      <p>
        The credentials Tributary uses to read from and write to your systems. Secrets are stored encrypted and never shown again.
      </p>
      {!accounts.data ? (
        <p class="loading">Loading accounts...</p>
      ) : accounts.data.length === 0 ? (
        <p class="empty">No accounts yet. Add one below, or while you build a connection.</p>
      ) : (
        <ul class="cards" aria-label="Accounts">
          {accounts.data.map((account) => (
            <AccountRow key={account.id} account={account} catalog={catalog.data ?? []} onChange={accounts.reload} />
          ))}
        </ul>
      )}
      {!mayManage ? (
        <p class="hint">Only an owner or admin can add, verify or delete accounts, or see their keys.</p>
      ) : (
        <>
          <h2>Add an account</h2>
          <div class="field">
            <label for="add-account-connector">System</label>
            <select id="add-account-connector" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
              <option value="">Choose...</option>
              <Options choices={withAccounts.map((c) => ({ value: c.name, label: c.displayName }))} />
            </select>
          </div>
          {connector && (
            <AccountForm
              key={connector.name}
              connector={connector}
              onSaved={() => {
                setAdding('');
                void accounts.reload();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

interface InUse {
  id: string;
  name: string;
}

function connectionsInUse(details: unknown): InUse[] {
  const list = (details as { connections?: unknown } | null)?.connections;
  return Array.isArray(list) ? list.filter((c): c is InUse => typeof c?.id === 'string' && typeof c?.name === 'string') : [];
}

function AccountRow(props: { account: Account; catalog: ConnectorInfo[]; onChange: () => Promise<void> }) {
  const { account } = props;
  const { session } = useSession();
  const mayManage = useCan('accounts.manage');
  const [message, setMessage] = useState<{ text: string; ok: boolean; inUse?: InUse[] } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const system = props.catalog.find((c) => c.name === account.connector)?.displayName ?? account.connector;

  const verify = async () => {
    setBusy(true);
    try {
      await api.verifyAccount(account.id);
      setMessage({ text: 'Verified: the credentials work.', ok: true });
      await props.onChange();
    } catch (caught) {
      setMessage({ text: asApiError(caught).message, ok: false });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteAccount(account.id);
      await props.onChange();
    } catch (caught) {
      const error = asApiError(caught);
      setMessage({ text: error.message, ok: false, inUse: connectionsInUse(error.details) });
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="card">
      <div class="card-head">
        <h2>{account.name}</h2>
        {account.connector === 'stripe' && account.hint && <ModeBadge hint={account.hint} />}
      </div>
      <dl class="facts">
        <dt>System</dt>
        <dd>{system}</dd>
        {mayManage && (
          <>
            <dt>Key</dt>
            <dd class="mono">{account.hint}</dd>
          </>
        )}
        <dt>Last verified</dt>
        <dd>{formatTime(account.verifiedAt, session.workspace.timezone)}</dd>
      </dl>
      {message && (
        <div class={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
          {message.inUse && message.inUse.length > 0 && (
            <ul>
              {message.inUse.map((c) => (
                <li key={c.id}>
                  <Link href={`/connections/${encodeURIComponent(c.id)}/edit`}>{c.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {mayManage && (
        <div class="actions">
          <button type="button" onClick={verify} disabled={busy} aria-label={`Verify again: ${account.name}`}>
            Verify again
          </button>
          {confirming ? (
            <>
              <button type="button" class="danger" onClick={remove} disabled={busy} aria-label={`Yes, delete ${account.name}`}>
                Yes, delete
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete: ${account.name}`}>
              Delete
            </button>
          )}
        </div>
      )}
    </li>
  );
}

export function ModeBadge({ hint }: { hint: string }) {
  const test = isTestModeHint(hint);
  return <span class={test ? 'badge badge-test' : 'badge badge-live'}>{test ? 'Test mode' : 'Live mode'}</span>;
}
