// The one form renderer: account credentials, trigger options and action options are all
// drawn from their JSON Schema, so a new connector or action needs no UI code.
import { useState } from 'preact/hooks';
import type { Choice, FieldProblem, JsonObject, JsonSchema } from '../types';
import { humanize } from '../format';
import { describedBy, Field, FieldError, messageFor } from './field';

/** Choices for a field whose options the server loads (sheets of a spreadsheet, ...). */
export interface DynamicChoices {
  choices: Choice[];
  loading: boolean;
  error?: string;
  /** Fields that must be chosen first; empty when the choices can load. */
  waitingFor: string[];
}

interface FormProps {
  schema: JsonSchema;
  value: JsonObject;
  onChange: (value: JsonObject) => void;
  idPrefix: string;
  problems?: FieldProblem[];
  dynamic?: Record<string, DynamicChoices>;
}

export function SchemaForm(props: FormProps) {
  return <ObjectFields {...props} path="" />;
}

/** Fills in the schema's defaults where the value has nothing yet. */
export function withDefaults(schema: JsonSchema, value: JsonObject | undefined): JsonObject {
  const result: JsonObject = { ...(value ?? {}) };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (result[name] === undefined && property.default !== undefined) result[name] = property.default;
    if (property.type === 'object' && property.properties) {
      const nested = withDefaults(property, result[name] as JsonObject | undefined);
      if (Object.keys(nested).length > 0) result[name] = nested;
    }
  }
  return result;
}

function setAt(value: JsonObject, path: string[], next: unknown): JsonObject {
  const [head, ...rest] = path;
  const copy: JsonObject = { ...value };
  if (rest.length === 0) {
    if (next === undefined || next === '') delete copy[head];
    else copy[head] = next;
  } else {
    copy[head] = setAt((value[head] as JsonObject | undefined) ?? {}, rest, next);
  }
  return copy;
}

function getAt(value: JsonObject, path: string[]): unknown {
  return path.reduce<unknown>((current, key) => (current as JsonObject | undefined)?.[key], value);
}

/** `oneOf` alternatives (e.g. a key file or a sign-in): the person picks one, then fills it in. */
function Alternatives(props: FormProps & { path: string; alternatives: JsonSchema[] }) {
  const fitting = props.alternatives.findIndex((alt) =>
    (alt.required ?? []).some((name) => getAt(props.value, [...props.path.split('.').filter(Boolean), name]) !== undefined),
  );
  const [chosen, setChosen] = useState(fitting >= 0 ? fitting : 0);
  const id = `${props.idPrefix}-${props.path ? props.path.replace(/\./g, '-') + '-' : ''}kind`;
  const alternative = props.alternatives[chosen] ?? props.alternatives[0];
  return (
    <>
      {props.alternatives.length > 1 && (
        <Field id={id} label={props.schema.title ?? 'Kind'}>
          <select
            id={id}
            value={String(chosen)}
            onChange={(e) => {
              setChosen(Number(e.currentTarget.value));
              props.onChange(props.path ? setAt(props.value, props.path.split('.'), undefined) : {});
            }}
          >
            {props.alternatives.map((alt, index) => (
              <option key={index} value={String(index)}>
                {alt.title ?? `Option ${index + 1}`}
              </option>
            ))}
          </select>
        </Field>
      )}
      <ObjectFields {...props} schema={{ ...alternative, type: 'object' }} path={props.path} />
    </>
  );
}

function ObjectFields(props: FormProps & { path: string }) {
  const alternatives = (props.schema.oneOf ?? props.schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0 && !props.schema.properties) {
    return <Alternatives {...props} alternatives={alternatives} />;
  }
  const required = new Set(props.schema.required ?? []);
  return (
    <>
      {Object.entries(props.schema.properties ?? {}).map(([name, property]) => {
        const path = props.path ? `${props.path}.${name}` : name;
        if (property.type === 'object' && property.properties) {
          return (
            <fieldset class="nested" key={path}>
              <legend>{property.title ?? humanize(name)}</legend>
              {property.description && <p class="hint">{property.description}</p>}
              <ObjectFields {...props} schema={property} path={path} />
            </fieldset>
          );
        }
        return <SchemaInput key={path} {...props} path={path} name={name} property={property} required={required.has(name)} />;
      })}
    </>
  );
}

function isJsonFile(name: string, property: JsonSchema): boolean {
  return (
    property.contentMediaType === 'application/json' ||
    property['x-widget'] === 'json-file' ||
    /json/i.test(property.title ?? '') ||
    /serviceAccount|keyJson|keyFile/i.test(name)
  );
}

/** "an account and the spreadsheet": what must be chosen first, in the words the form shows. */
function waitingLabel(fields: string[], schema: JsonSchema): string {
  const names = fields.map((field) =>
    field === 'account' ? 'an account' : `the ${(schema.properties?.[field]?.title ?? humanize(field)).toLowerCase()}`,
  );
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}

function SchemaInput(props: FormProps & { path: string; name: string; property: JsonSchema; required: boolean }) {
  const { property, path } = props;
  const id = `${props.idPrefix}-${path.replace(/\./g, '-')}`;
  const label = property.title ?? humanize(props.name);
  const error = messageFor(props.problems ?? [], path);
  const current = getAt(props.value, path.split('.'));
  const set = (next: unknown) => props.onChange(setAt(props.value, path.split('.'), next));
  const aria = { ...describedBy(id, Boolean(property.description), error), 'aria-required': props.required || undefined };
  const dynamic = props.dynamic?.[path];
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
  const enumLabels = Array.isArray(property['x-enumLabels']) ? (property['x-enumLabels'] as string[]) : [];

  if (type === 'boolean') {
    return (
      <div class="field field-check">
        <input id={id} type="checkbox" checked={current === true} onChange={(e) => set(e.currentTarget.checked)} {...aria} />
        <label for={id}>{label}</label>
        {property.description && (
          <p class="hint" id={`${id}-hint`}>
            {property.description}
          </p>
        )}
        <FieldError id={id} message={error} />
      </div>
    );
  }

  let input;
  if (dynamic && dynamic.error) {
    // The list could not be loaded (no permission to list files, ...): typing the value still works.
    input = <input id={id} type="text" value={(current as string) ?? ''} onInput={(e) => set(e.currentTarget.value)} {...aria} />;
  } else if (dynamic) {
    const options = [...dynamic.choices];
    if (typeof current === 'string' && current && !options.some((c) => c.value === current))
      options.unshift({ value: current, label: current });
    const waiting = dynamic.waitingFor.length > 0;
    const suggested = current ? undefined : dynamic.choices.find((c) => c.suggestion);
    input = (
      <>
        <select
          id={id}
          value={(current as string) ?? ''}
          disabled={waiting}
          onChange={(e) => set(e.currentTarget.value)}
          {...aria}
        >
          <option value="">
            {waiting
              ? `Choose ${waitingLabel(dynamic.waitingFor, props.schema)} first`
              : dynamic.loading
                ? 'Loading...'
                : 'Choose...'}
          </option>
          {options.map((c) => (
            <option key={c.value} value={c.value}>
              {c.suggestion ? `${c.label} (suggested)` : c.label}
            </option>
          ))}
        </select>
        {suggested && (
          <p class="suggestion" role="status">
            Suggested: {suggested.label}, because {suggested.suggestion}.{' '}
            <button type="button" onClick={() => set(suggested.value)}>
              Use {suggested.label}
            </button>
          </p>
        )}
      </>
    );
  } else if (property.enum) {
    input = (
      <select
        id={id}
        value={current === undefined ? '' : String(current)}
        onChange={(e) => set(property.enum?.find((v) => String(v) === e.currentTarget.value))}
        {...aria}
      >
        {!props.required || current === undefined ? <option value="">Choose...</option> : null}
        {property.enum.map((v, index) => (
          <option key={String(v)} value={String(v)}>
            {enumLabels[index] ?? humanize(String(v))}
          </option>
        ))}
      </select>
    );
  } else if (type === 'number' || type === 'integer') {
    input = (
      <input
        id={id}
        type="number"
        step={type === 'integer' ? 1 : 'any'}
        min={property.minimum}
        max={property.maximum}
        value={current === undefined ? '' : String(current)}
        onInput={(e) => set(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
        {...aria}
      />
    );
  } else if (type === 'array') {
    const lines = Array.isArray(current) ? current.join('\n') : '';
    input = (
      <textarea
        id={id}
        rows={3}
        value={lines}
        onInput={(e) => set(e.currentTarget.value.split('\n').filter(Boolean))}
        {...aria}
      />
    );
  } else if (isJsonFile(props.name, property)) {
    input = (
      <JsonFileInput
        id={id}
        label={label}
        value={typeof current === 'object' && current ? JSON.stringify(current, null, 2) : ((current as string) ?? '')}
        onChange={set}
        aria={aria}
      />
    );
  } else if (property['x-multiline'] || property['x-widget'] === 'textarea') {
    input = <textarea id={id} rows={4} value={(current as string) ?? ''} onInput={(e) => set(e.currentTarget.value)} {...aria} />;
  } else {
    const kind = property.writeOnly
      ? 'password'
      : property.format === 'email'
        ? 'email'
        : property.format === 'date'
          ? 'date'
          : property.format === 'uri'
            ? 'url'
            : 'text';
    input = (
      <input
        id={id}
        type={kind}
        autocomplete={property.writeOnly ? 'new-password' : 'off'}
        spellcheck={false}
        value={(current as string) ?? ''}
        placeholder={property.default !== undefined ? String(property.default) : undefined}
        onInput={(e) => set(e.currentTarget.value)}
        {...aria}
      />
    );
  }
  if (dynamic?.error && !error) {
    return (
      <Field id={id} label={label} required={props.required} description={property.description} error={dynamic.error}>
        {input}
      </Field>
    );
  }
  return (
    <Field id={id} label={label} required={props.required} description={property.description} error={error}>
      {input}
    </Field>
  );
}

/** A key file: pasted into the text area, or read from disk (it never leaves the browser until saved). */
function JsonFileInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  aria: Record<string, unknown>;
}) {
  const onFile = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) props.onChange(await file.text());
  };
  return (
    <>
      <textarea
        id={props.id}
        rows={5}
        class="mono"
        spellcheck={false}
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
        {...props.aria}
      />
      <label class="file-upload" for={`${props.id}-file`}>
        Or upload a .json file
      </label>
      <input id={`${props.id}-file`} type="file" accept="application/json,.json" onChange={onFile} />
    </>
  );
}
