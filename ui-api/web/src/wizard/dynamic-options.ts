// Loads the choices of options that depend on earlier ones (spreadsheet -> sheet -> key
// column) from the server, as soon as everything they depend on is chosen.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { DynamicChoices } from '../components/schema-form';
import { asApiError } from '../hooks';
import type { JsonObject } from '../types';

type Declared = Record<string, { dependsOn: string[] }> | undefined;

interface Target {
  connector: string;
  kind: 'trigger' | 'action';
  name: string;
  account: string | null;
  needsAccount: boolean;
  options: JsonObject;
  declared: Declared;
}

function waitingFor(target: Target, field: string): string[] {
  const missing = (target.declared?.[field]?.dependsOn ?? []).filter(
    (d) => target.options[d] === undefined || target.options[d] === '',
  );
  return target.needsAccount && !target.account ? ['account', ...missing] : missing;
}

export function useDynamicOptions(target: Target): Record<string, DynamicChoices> {
  const [loaded, setLoaded] = useState<Record<string, { key: string; choices: DynamicChoices }>>({});
  const fields = Object.keys(target.declared ?? {});
  const keys = fields.map((field) => {
    const inputs = (target.declared?.[field]?.dependsOn ?? []).map((d) => target.options[d]);
    return JSON.stringify([target.connector, target.name, target.account, inputs]);
  });
  const signature = keys.join('|');

  useEffect(() => {
    fields.forEach((field, index) => {
      const key = keys[index];
      if (waitingFor(target, field).length > 0 || loaded[field]?.key === key) return;
      const begin = (choices: DynamicChoices) => setLoaded((current) => ({ ...current, [field]: { key, choices } }));
      begin({ choices: [], loading: true, waitingFor: [] });
      const body = { [target.kind]: target.name, account: target.account, options: target.options };
      api
        .options(target.connector, field, body)
        .then((result) => begin({ choices: result.choices, loading: false, waitingFor: [] }))
        .catch((caught) => begin({ choices: [], loading: false, waitingFor: [], error: asApiError(caught).message }));
    });
  }, [signature]);

  const result: Record<string, DynamicChoices> = {};
  fields.forEach((field, index) => {
    const waiting = waitingFor(target, field);
    const current = loaded[field];
    result[field] =
      waiting.length > 0
        ? { choices: [], loading: false, waitingFor: waiting }
        : current && current.key === keys[index]
          ? current.choices
          : { choices: [], loading: true, waitingFor: [] };
  });
  return result;
}

/** When an option changes, the options that depend on it no longer apply. */
export function clearDependents(declared: Declared, before: JsonObject, after: JsonObject): JsonObject {
  const next = { ...after };
  let changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
  while (changed.length > 0) {
    const cleared = Object.entries(declared ?? {})
      .filter(([field, spec]) => next[field] !== undefined && spec.dependsOn.some((d) => changed.includes(d)))
      .map(([field]) => field);
    cleared.forEach((field) => delete next[field]);
    changed = cleared;
  }
  return next;
}
