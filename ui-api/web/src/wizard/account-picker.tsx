import { useEffect, useState } from 'preact/hooks';
import { AccountForm } from '../components/account-form';
import { describedBy, Field } from '../components/field';
import { useCan } from '../session';
import type { Account, ConnectorInfo } from '../types';

/** Choose one of the workspace's accounts for a system, or connect a new one right here. */
export function AccountPicker(props: {
  id: string;
  label: string;
  connector: ConnectorInfo;
  accounts: Account[];
  value: string | null;
  onChange: (accountId: string | null) => void;
  reloadAccounts: () => Promise<void>;
  error?: string;
}) {
  const mine = props.accounts.filter((a) => a.connector === props.connector.name);
  const mayAdd = useCan('accounts.manage');
  // Until the person chooses, the new-account form opens by itself only when there is none to pick.
  const [addingChoice, setAdding] = useState<boolean | null>(null);
  const adding = mayAdd && (addingChoice ?? mine.length === 0);
  // Back from Google sign-in with `?account=<id>`: choose the account just connected.
  const returned = new URLSearchParams(location.search).get('account');
  useEffect(() => {
    if (returned && !props.value && mine.some((a) => a.id === returned)) {
      props.onChange(returned);
      setAdding(false);
    }
  }, [returned, mine.length]);

  return (
    <div class="account-picker">
      <Field id={props.id} label={props.label} required error={props.error}>
        <select
          id={props.id}
          value={props.value ?? ''}
          onChange={(e) => props.onChange(e.currentTarget.value || null)}
          {...describedBy(props.id, false, props.error)}
        >
          <option value="">
            {mine.length ? 'Choose an account...' : mayAdd ? 'No accounts yet: connect one below' : 'No accounts yet'}
          </option>
          {mine.map((a) => (
            <option key={a.id} value={a.id}>
              {a.hint ? `${a.name} (${a.hint})` : a.name}
            </option>
          ))}
        </select>
      </Field>
      {adding ? (
        <AccountForm
          connector={props.connector}
          onCancel={mine.length ? () => setAdding(false) : undefined}
          onSaved={async (account) => {
            await props.reloadAccounts();
            props.onChange(account.id);
            setAdding(false);
          }}
        />
      ) : mayAdd ? (
        <button type="button" onClick={() => setAdding(true)}>
          Connect a new {props.connector.displayName} account
        </button>
      ) : (
        <p class="hint">Only an owner or admin can connect a new {props.connector.displayName} account.</p>
      )}
    </div>
  );
}
