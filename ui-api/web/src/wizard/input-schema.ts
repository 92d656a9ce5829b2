// The mapping targets of an action whose inputs depend on the destination (a sheet's
// header cells): loaded from the server when the mapping step opens, so a column added
// to the sheet a minute ago is there to map.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { asApiError } from '../hooks';
import type { ActionInfo, DestinationEndpoint, JsonSchema } from '../types';

export interface LoadedInputs {
  schema: JsonSchema;
  loading: boolean;
  error: string | null;
}

export function useInputSchema(action: ActionInfo | undefined, destination: DestinationEndpoint): LoadedInputs {
  const dynamic = action?.dynamicInputSchema ?? null;
  const fixed = action?.inputSchema ?? {};
  const [loaded, setLoaded] = useState<{ key: string; schema?: JsonSchema; error?: string } | null>(null);
  const key = JSON.stringify([destination.connector, destination.action, destination.account, destination.options]);

  useEffect(() => {
    if (!dynamic || !action) return;
    let current = true;
    api
      .inputSchema(destination.connector, { action: action.name, account: destination.account, options: destination.options })
      .then((result) => current && setLoaded({ key, schema: result.inputSchema }))
      .catch((caught) => current && setLoaded({ key, error: asApiError(caught).message }));
    return () => {
      current = false;
    };
  }, [key, Boolean(dynamic)]);

  if (!dynamic) return { schema: fixed, loading: false, error: null };
  if (!loaded || loaded.key !== key) return { schema: {}, loading: true, error: null };
  return { schema: loaded.schema ?? fixed, loading: false, error: loaded.error ?? null };
}
