import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { describedBy, Field } from '../components/field';
import { preview as show } from '../format';
import { asApiError, useDebounced } from '../hooks';
import { normaliseField } from '../problems';
import type { FieldProblem, Preview } from '../types';
import { useInputSchema } from './input-schema';
import { insertAt, mappingTargets, moneyPreview, previewValue, problemFor } from './mapping-targets';
import type { StepProps } from './shared';
import { StepForm } from './step-form';

const inputId = (path: string) => `mapping-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export function MappingStep(props: StepProps) {
  const { draft, setDraft, catalog, connection } = props;
  const action = catalog
    .find((c) => c.name === draft.destination.connector)
    ?.actions.find((a) => a.name === draft.destination.action);
  const trigger = catalog.find((c) => c.name === draft.source.connector)?.triggers.find((t) => t.name === draft.source.trigger);
  const inputs = useInputSchema(action, draft.destination);
  const targets = mappingTargets(inputs.schema);
  const [result, setResult] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  // Problems the server found in the mapping itself (a broken expression, a literal that is not an email).
  const [mappingProblems, setMappingProblems] = useState<FieldProblem[]>([]);
  // Inputs edited since the last save: the save's messages about them are out of date.
  const [edited, setEdited] = useState<Set<string>>(new Set());
  // Required inputs left empty when "Save and continue" was pressed.
  const [unmapped, setUnmapped] = useState<FieldProblem[]>([]);
  const [newKeys, setNewKeys] = useState<Record<string, string>>({});
  const [addedKeys, setAddedKeys] = useState<string[]>([]);
  const focused = useRef<HTMLInputElement | null>(null);
  const caretAfterRender = useRef<{ input: HTMLInputElement; caret: number } | null>(null);
  const settled = useDebounced(draft.mapping, 400);

  useEffect(() => {
    if (!connection) return;
    let current = true;
    api
      .preview(connection.id, settled)
      .then((next) => {
        if (!current) return;
        setResult(next);
        setPreviewError(null);
        setMappingProblems([]);
      })
      .catch((caught) => {
        if (!current) return;
        const error = asApiError(caught);
        // Field problems go next to their inputs; only a problem that names no field goes on top.
        setMappingProblems(error.fields);
        setPreviewError(error.fields.length > 0 ? null : error.message);
      });
    return () => {
      current = false;
    };
  }, [connection?.id, JSON.stringify(settled)]);

  const sample = result?.items[0];
  const fields = result?.fields?.length ? result.fields : Object.keys(sample?.source ?? trigger?.sampleData[0] ?? {});
  const saveProblems = props.problems.filter((p) => !edited.has(normaliseField(p.field).replace(/^mapping\./, '')));
  const problems = [...(sample?.errors ?? []), ...mappingProblems, ...saveProblems, ...unmapped];
  const warnings = result?.warnings ?? [];
  // The last good preview no longer matches a mapping the server refused.
  const stale = mappingProblems.length > 0;
  const setTarget = (path: string, value: string) => {
    setEdited((current) => new Set(current).add(path));
    setUnmapped((current) => current.filter((p) => p.field !== path));
    setDraft((d) => {
      const mapping = { ...d.mapping };
      if (value === '') delete mapping[path];
      else mapping[path] = value;
      return { ...d, mapping };
    });
  };

  const insertField = (field: string) => {
    const input = focused.current ?? (document.querySelector('.mapping input') as HTMLInputElement | null);
    if (!input) return;
    const path = input.dataset.target as string;
    const next = insertAt(input.value, `{{${field}}}`, input.selectionStart, input.selectionEnd);
    setTarget(path, next.value);
    caretAfterRender.current = { input, caret: next.caret };
  };
  // The caret goes after the inserted field in the same render that shows it, before the next
  // key press can land (a frame later, typing fast would put the caret back behind that key).
  useLayoutEffect(() => {
    const pending = caretAfterRender.current;
    if (!pending) return;
    caretAfterRender.current = null;
    pending.input.focus();
    pending.input.setSelectionRange(pending.caret, pending.caret);
  });

  const rows = targets.flatMap((target) =>
    target.openObject
      ? [...new Set([...Object.keys(draft.mapping), ...addedKeys])]
          .filter((key) => key.startsWith(`${target.path}.`))
          .map((key) => ({ ...target, path: key, openObject: false, required: false }))
      : [target],
  );

  const next = async () => {
    // The connection may be saved half-mapped, but the next step needs every required input.
    const missing = rows.filter((target) => target.required && !draft.mapping[target.path]?.trim());
    if (missing.length > 0) {
      setUnmapped(
        missing.map((target) => ({
          field: target.path,
          message: `${target.path}: is required; map a source field or enter a value`,
        })),
      );
      document.getElementById(inputId(missing[0]!.path))?.focus();
      return;
    }
    setEdited(new Set());
    if (await props.save()) props.goTo(4);
  };

  return (
    <StepForm shownHere={(field) => field.startsWith('mapping')} step={props} onNext={next} back={2} class="mapping">
      <p>
        Say what each {action?.displayName ?? 'action'} input gets. Click a source field to insert it where the cursor is, type
        fixed text, or write an expression such as <code>{'{{ $uppercase(Email) }}'}</code>.
      </p>
      {inputs.loading && <p class="hint">Reading the columns of the sheet…</p>}
      {inputs.error && (
        <p class="error" role="alert">
          {inputs.error}
        </p>
      )}
      <div class="chips" role="group" aria-label="Source fields">
        <span class="hint">Source fields:</span>
        {fields.length === 0 && <span class="hint">none yet (waiting for data)</span>}
        {fields.map((field) => (
          <button
            type="button"
            class="chip"
            key={field}
            title={`Insert {{${field}}}${sample ? `: ${show(sample.source[field])}` : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => insertField(field)}
          >
            {field}
          </button>
        ))}
      </div>
      {previewError && <p class="form-error">Preview unavailable: {previewError}</p>}
      {rows.map((target) => {
        const id = inputId(target.path);
        const error = problemFor(problems, target.path);
        const warning = problemFor(warnings, target.path);
        const value = previewValue(sample?.input ?? undefined, target.path);
        const title = target.schema.title;
        const label = !title
          ? target.path
          : title.toLowerCase() === target.path.toLowerCase()
            ? title
            : `${title} (${target.path})`;
        return (
          <Field
            key={target.path}
            id={id}
            label={label}
            required={target.required}
            description={target.schema.description}
            error={error}
            warning={warning}
          >
            <input
              id={id}
              data-target={target.path}
              value={draft.mapping[target.path] ?? ''}
              spellcheck={false}
              onFocus={(e) => (focused.current = e.currentTarget)}
              onInput={(e) => setTarget(target.path, e.currentTarget.value)}
              {...describedBy(id, Boolean(target.schema.description), error)}
            />
            {draft.mapping[target.path] !== undefined && (
              <p class="preview" aria-label={`Preview of ${target.path}`}>
                Preview:{' '}
                <span class="mono">
                  {stale
                    ? '(fix the mapping first)'
                    : value === undefined
                      ? '(empty)'
                      : (moneyPreview(target, value, sample?.input ?? undefined) ?? show(value))}
                </span>
              </p>
            )}
          </Field>
        );
      })}
      {targets
        .filter((t) => t.openObject)
        .map((target) => {
          const id = `mapping-new-${target.path}`;
          const key = newKeys[target.path] ?? '';
          return (
            <div class="field inline" key={id}>
              <label for={id}>New {target.path} key</label>
              <input id={id} value={key} onInput={(e) => setNewKeys({ ...newKeys, [target.path]: e.currentTarget.value })} />
              <button
                type="button"
                disabled={!key.trim()}
                onClick={() => {
                  setAddedKeys([...addedKeys, `${target.path}.${key.trim()}`]);
                  setNewKeys({ ...newKeys, [target.path]: '' });
                }}
              >
                Add {target.path} key
              </button>
            </div>
          );
        })}
    </StepForm>
  );
}
