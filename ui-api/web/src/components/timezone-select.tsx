// The IANA time zones this browser knows, as one dropdown.
import { timezones } from '../format';
import { describedBy, Field, Options } from './field';

export function TimezoneField(props: {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  description?: string;
  error?: string;
}) {
  const { id, description, error } = props;
  return (
    <Field id={id} label="Time zone" description={description} error={error}>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        {...describedBy(id, Boolean(description), error)}
      >
        <Options choices={timezones().map((zone) => ({ value: zone, label: zone }))} />
      </select>
    </Field>
  );
}
