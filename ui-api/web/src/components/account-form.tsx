// Connect a new account inline: a name, the connector's credential form, and for Google a
// sign-in button. The server verifies the credentials live before it saves anything.
import { useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { asApiError } from '../hooks';
import type { Account, ConnectorInfo, FieldProblem, JsonObject, JsonSchema } from '../types';
import { describedBy, Field, FormError, messageFor, problemsUnder } from './field';
import { SchemaForm, withDefaults } from './schema-form';

/** A sign-in alternative (a refresh token) is offered as the "Sign in with Google" button instead of a field. */
function withoutSignIn(schema: JsonSchema, signIn: boolean): JsonSchema {
  const alternatives = schema.oneOf as JsonSchema[] | undefined;
  if (!signIn || !Array.isArray(alternatives)) return schema;
  const kept = alternatives.filter((alt) => !Object.keys(alt.properties ?? {}).includes('refreshToken'));
  return { ...schema, oneOf: kept };
}

const RETURN_KEY = 'tributary.returnAfterGoogle';

// Google sends the person back to `/?account=<id>`; this brings them back to the wizard step.
function rememberWhereWeWere(): void {
  sessionStorage.setItem(RETURN_KEY, location.pathname);
}

/** After Google's redirect: where to go instead of `/`, with the new account preselected. */
export function returnAfterGoogle(query: URLSearchParams): string | null {
  const account = query.get('account');
  const back = sessionStorage.getItem(RETURN_KEY);
  if (!account || !back) return null;
  sessionStorage.removeItem(RETURN_KEY);
  return `${back}?account=${encodeURIComponent(account)}`;
}

/**
 * A failed verification names the credential it concerns (`details.param`) or, when the form
 * holds a single credential, can only concern that one: either way it goes next to that input.
 */
function verificationProblem(error: ApiError, credentials: JsonObject): FieldProblem[] {
  if (error.code !== 'account_verification_failed') return [];
  const param = (error.details as { param?: unknown } | null)?.param;
  const filled = Object.keys(credentials).filter((name) => credentials[name] !== undefined && credentials[name] !== '');
  const field = typeof param === 'string' ? param : filled.length === 1 ? filled[0] : null;
  return field ? [{ field: `credentials.${field}`, message: error.message }] : [];
}

export function AccountForm(props: { connector: ConnectorInfo; onSaved: (account: Account) => void; onCancel?: () => void }) {
  // A refresh token is never typed in: it comes from the sign-in, offered when configured.
  const signIn = props.connector.account?.signIn === 'google';
  const schema = withoutSignIn(
    props.connector.account?.schema ?? { type: 'object', properties: {} },
    props.connector.name === 'google-sheets',
  );
  const [name, setName] = useState(`${props.connector.displayName} account`);
  const [credentials, setCredentials] = useState<JsonObject>(() => withDefaults(schema, {}));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `account-${props.connector.name}`;

  const save = async () => {
    setBusy(true);
    setProblems([]);
    setMessage(null);
    try {
      const account = await api.createAccount({ connector: props.connector.name, name, credentials });
      props.onSaved(account);
    } catch (caught) {
      const error = asApiError(caught);
      const fields = error.fields.length > 0 ? error.fields : verificationProblem(error, credentials);
      const credentialProblems = problemsUnder(fields, 'credentials');
      setProblems(fields);
      // A verification failure names no field when the whole key is wrong: show it by the form.
      const placed = credentialProblems.length > 0 || messageFor(error.fields, 'name');
      setMessage(placed ? null : error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="account-form" role="group" aria-label={`Connect a ${props.connector.displayName} account`}>
      <FormError message={message} />
      <Field id={`${prefix}-name`} label="Account name" error={messageFor(problems, 'name')}>
        <input
          id={`${prefix}-name`}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          {...describedBy(`${prefix}-name`, false, messageFor(problems, 'name'))}
        />
      </Field>
      <SchemaForm
        schema={schema}
        value={credentials}
        onChange={setCredentials}
        idPrefix={prefix}
        problems={problemsUnder(problems, 'credentials')}
      />
      <div class="actions">
        <button type="button" class="primary" onClick={save} disabled={busy}>
          {busy ? 'Verifying...' : 'Verify and save account'}
        </button>
        {signIn && (
          <a class="button" href={api.googleSignInUrl(name)} onClick={rememberWhereWeWere}>
            Sign in with Google
          </a>
        )}
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
