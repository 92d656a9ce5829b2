// One labelled input slot: label, hint, the input, and the server's message for it.
import type { ComponentChildren } from 'preact';
export { messageFor, normaliseField, problemsUnder } from '../problems';

export function Field(props: {
  id: string;
  label: string;
  required?: boolean;
  description?: string;
  error?: string;
  /** Something to check that does not stop a save (a placeholder naming no source field). */
  warning?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={'field' + (props.error ? ' field-invalid' : '')}>
      <label for={props.id}>
        {props.label}
        {props.required && (
          <span class="required" title="required">
            {' '}
            (required)
          </span>
        )}
      </label>
      {props.children}
      {props.description && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.description}
        </p>
      )}
      {props.warning && (
        <p class="field-warning" id={`${props.id}-warning`} role="status">
          {props.warning}
        </p>
      )}
      <FieldError id={props.id} message={props.error} />
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p class="field-error" id={`${id}-error`} role="alert">
      {message}
    </p>
  );
}

/** aria-* attributes that tie an input to its hint and error message. */
export function describedBy(id: string, hasHint: boolean, error?: string) {
  const ids = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}

/** A whole-form message (what went wrong and what to do), for errors that name no field. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="form-error" role="alert">
      {message}
    </div>
  );
}

/** A labelled one-line input that reports its text, tied to its hint and error. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  required?: boolean;
  description?: string;
  error?: string;
}) {
  const { id, error, description } = props;
  return (
    <Field id={id} label={props.label} required={props.required} description={description} error={error}>
      <input
        id={id}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...describedBy(id, Boolean(description), error)}
      />
    </Field>
  );
}

/** The `<option>`s of a select, each with its value and the words a person reads. */
export function Options({ choices }: { choices: Array<{ value: string; label: string }> }) {
  return (
    <>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </>
  );
}
