// What every wizard step receives: the document being built and a way to save it.
import type { ApiError } from '../api';
import { withDefaults } from '../components/schema-form';
import type { Account, Connection, ConnectionDocument, ConnectorInfo, DestinationEndpoint, FieldProblem } from '../types';

/** The document while it is edited: the destination always has a value to show. */
export type Draft = Omit<ConnectionDocument, 'destination'> & { destination: DestinationEndpoint };

export interface StepProps {
  draft: Draft;
  setDraft: (update: (draft: Draft) => Draft) => void;
  /** The saved connection (null until step 1 is saved). */
  connection: Connection | null;
  catalog: ConnectorInfo[];
  accounts: Account[];
  reloadAccounts: () => Promise<void>;
  /** Saves the draft (creating it after step 1); resolves with the saved connection, or null on errors. */
  save: () => Promise<Connection | null>;
  /** Loads the saved connection again (after enable/disable). */
  reload: () => Promise<void>;
  problems: FieldProblem[];
  saveError: ApiError | null;
  saving: boolean;
  goTo: (step: number) => void;
}

export const STEPS = ['Data source', 'Data destination', 'Field mapping', 'Test data', 'Auto-update'];

/** The API representation minus what the server computes: the document that is saved. */
export function draftOf(connection: Connection, catalog: ConnectorInfo[]): Draft {
  const destination = connection.destination
    ? { ...connection.destination, options: connection.destination.options ?? {} }
    : newDraft(catalog).destination;
  return {
    name: connection.name,
    source: { ...connection.source, options: connection.source.options ?? {} },
    destination,
    mapping: Object.fromEntries(Object.entries(connection.mapping ?? {}).map(([k, v]) => [k, String(v)])),
    schedule: connection.schedule ?? null,
    runAfter: connection.runAfter ?? null,
    enabled: connection.enabled,
  };
}

/** A new connection starts as a disabled draft: Sheets -> Stripe create-customer are the usual picks. */
export function newDraft(catalog: ConnectorInfo[]): Draft {
  const source = catalog.find((c) => c.triggers.length > 0);
  const destination = catalog.find((c) => c.name === 'stripe') ?? catalog.find((c) => c.actions.length > 0);
  return {
    name: '',
    source: {
      connector: source?.name ?? '',
      trigger: source?.triggers[0]?.name ?? '',
      account: null,
      options: withDefaults(source?.triggers[0]?.optionsSchema ?? {}, {}),
    },
    destination: {
      connector: destination?.name ?? '',
      action: destination?.actions[0]?.name ?? '',
      account: null,
      options: withDefaults(destination?.actions[0]?.optionsSchema ?? {}, {}),
    },
    mapping: {},
    schedule: null,
    runAfter: null,
    enabled: false,
  };
}

/**
 * What is saved: a destination without an account is left out while step 1 is saved, so a
 * draft never fails on options of a destination nobody has chosen yet.
 */
export function documentToSave(draft: Draft, step: number): ConnectionDocument {
  return step === 1 && !draft.destination.account ? { ...draft, destination: null } : draft;
}

/** The first step a returning person still has to finish. */
export function firstIncompleteStep(connection: Connection): number {
  if (!connection.destination?.account) return 2;
  if (Object.keys(connection.mapping ?? {}).length === 0) return 3;
  if (!connection.schedule && !connection.runAfter) return 4;
  return 5;
}
