import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { asApiError, useLoad } from '../hooks';
import { Link, navigate } from '../router';
import type { Connection } from '../types';
import { documentToSave, Draft, draftOf, firstIncompleteStep, newDraft, StepProps, STEPS } from './shared';
import { SourceStep } from './step-source';
import { DestinationStep } from './step-destination';
import { MappingStep } from './step-mapping';
import { TestStep } from './step-test';
import { ScheduleStep } from './step-schedule';

export function Wizard(props: { connectionId: string | null; step: number | null }) {
  const catalog = useLoad(() => api.connectors(), []);
  const accounts = useLoad(() => api.accounts(), []);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  // The id of a connection created moments ago, before this render's `connection` knows it.
  const savedId = useRef<string | null>(props.connectionId);

  const load = async () => {
    if (!props.connectionId || !catalog.data) return;
    const connectors = catalog.data;
    try {
      const current = await api.connection(props.connectionId);
      setConnection(current);
      setDraftState((existing) => existing ?? draftOf(current, connectors));
    } catch (caught) {
      setLoadError(asApiError(caught).message);
    }
  };
  useEffect(() => {
    void load();
  }, [props.connectionId, catalog.data]);
  useEffect(() => {
    if (!props.connectionId && catalog.data && !draft) setDraftState(newDraft(catalog.data));
  }, [props.connectionId, catalog.data, draft]);

  const step = props.step ?? (connection ? firstIncompleteStep(connection) : 1);
  const goTo = (next: number) => {
    const id = connection?.id ?? savedId.current;
    if (!id) return;
    setSaveError(null);
    navigate(`/connections/${encodeURIComponent(id)}/edit/${next}`);
  };

  if (loadError || catalog.error)
    return (
      <p class="form-error" role="alert">
        {loadError ?? catalog.error?.message}
      </p>
    );
  if (!draft || !catalog.data || (props.connectionId && !connection)) return <p class="loading">Loading the wizard...</p>;

  const save = async (): Promise<Connection | null> => {
    setSaving(true);
    setSaveError(null);
    try {
      // Saved disabled while it is a draft; the last step turns it on.
      const document = documentToSave(draft, step);
      const saved = connection
        ? await api.saveConnection(connection.id, document)
        : await api.createConnection({ ...document, enabled: false });
      savedId.current = saved.id;
      setConnection(saved);
      setDraftState(draftOf(saved, catalog.data ?? []));
      return saved;
    } catch (caught) {
      setSaveError(asApiError(caught));
      return null;
    } finally {
      setSaving(false);
    }
  };

  const stepProps: StepProps = {
    draft,
    setDraft: (update) => setDraftState((current) => (current ? update(current) : current)),
    connection,
    catalog: catalog.data,
    accounts: accounts.data ?? [],
    reloadAccounts: accounts.reload,
    save,
    reload: load,
    problems: saveError?.fields ?? [],
    saveError,
    saving,
    goTo,
  };

  return (
    <section class="wizard">
      <div class="page-head">
        <h1>{connection ? `Edit: ${connection.name}` : 'New connection'}</h1>
        <Link href="/" class="button">
          Back to connections
        </Link>
      </div>
      <nav aria-label="Wizard steps">
        <ol class="steps">
          {STEPS.map((title, index) => {
            const number = index + 1;
            const current = number === step;
            return (
              <li key={title} class={current ? 'current' : ''}>
                {connection && !current ? (
                  <Link href={`/connections/${encodeURIComponent(connection.id)}/edit/${number}`}>
                    {number}. {title}
                  </Link>
                ) : (
                  <span aria-current={current ? 'step' : undefined}>
                    {number}. {title}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      <h2>
        Step {step} of 5: {STEPS[step - 1]}
      </h2>
      {step === 1 && <SourceStep {...stepProps} />}
      {step === 2 && <DestinationStep {...stepProps} />}
      {step === 3 && <MappingStep {...stepProps} />}
      {step === 4 && <TestStep {...stepProps} />}
      {step === 5 && <ScheduleStep {...stepProps} />}
    </section>
  );
}
