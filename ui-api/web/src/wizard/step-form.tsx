// The frame every saving wizard step shares: the save error that names no field on top,
// the step's inputs, then Back and the submit button.
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import { FormError, normaliseField } from '../components/field';
import type { FieldProblem } from '../types';
import type { StepProps } from './shared';

/** "customer: is required" already names its field; "is required" gets it in front. */
function sentence(problem: FieldProblem): string {
  const field = normaliseField(problem.field);
  const last = field.split('.').pop() ?? field;
  return problem.message.startsWith(`${last}:`) || problem.message.startsWith(`${field}:`)
    ? problem.message
    : `${field}: ${problem.message}`;
}

/**
 * A save error where the person is: problems with an input of this step sit next to it, so
 * only the others (a field of another step, or no field at all) are listed on top.
 */
export function SaveError({ error, shownHere = () => true }: { error: ApiError | null; shownHere?: (field: string) => boolean }) {
  if (!error) return null;
  if (error.fields.length === 0) return <FormError message={error.message} />;
  const elsewhere = error.fields.filter((problem) => !shownHere(normaliseField(problem.field)));
  if (elsewhere.length === 0) return null;
  return (
    <div class="form-error" role="alert">
      <p>Not saved:</p>
      <ul>
        {elsewhere.map((problem) => (
          <li key={problem.field + problem.message}>{sentence(problem)}</li>
        ))}
      </ul>
    </div>
  );
}

export function BackButton({ step, goTo }: { step: number; goTo: (step: number) => void }) {
  return (
    <button type="button" onClick={() => goTo(step)}>
      Back
    </button>
  );
}

export function StepForm(props: {
  step: StepProps;
  /** Runs on submit (Enter or the button). */
  onNext: () => Promise<void>;
  /** The step Back returns to; no Back button when left out. */
  back?: number;
  submitLabel?: string;
  class?: string;
  /** The fields this step has inputs for (`destination.options.x`); default: all. */
  shownHere?: (field: string) => boolean;
  children: ComponentChildren;
}) {
  const { step } = props;
  return (
    <form
      class={props.class}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void props.onNext();
      }}
    >
      <SaveError error={step.saveError} shownHere={props.shownHere} />
      {props.children}
      <div class="actions">
        {props.back !== undefined && <BackButton step={props.back} goTo={step.goTo} />}
        <button type="submit" class="primary" disabled={step.saving}>
          {step.saving ? 'Saving...' : (props.submitLabel ?? 'Save and continue')}
        </button>
      </div>
    </form>
  );
}
