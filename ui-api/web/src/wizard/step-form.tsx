// The frame every saving wizard step shares: the save error that names no field on top,
// the step's inputs, then Back and the submit button.
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import { FormError } from '../components/field';
import type { StepProps } from './shared';

/** A save error that names no field has no input to sit next to: it goes on top of the step. */
export function SaveError({ error }: { error: ApiError | null }) {
  return <FormError message={error && error.fields.length === 0 ? error.message : null} />;
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
      <SaveError error={step.saveError} />
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
