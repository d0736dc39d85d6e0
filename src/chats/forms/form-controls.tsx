import type { ComponentChildren } from 'preact';

/**
 * Textarea, select and radio controls in the same shape as web/components
 * forms.tsx `Field`: id `field-NAME`, hint and error tied to the control
 * with aria-describedby, the error above the control so a screen reader
 * hears it before the value. (Candidates for web/components once shared.)
 */

function describedBy(name: string, hint: unknown, error: unknown): { hintId?: string; errorId?: string; ids?: string } {
  const hintId = hint ? `field-${name}-hint` : undefined;
  const errorId = error ? `field-${name}-error` : undefined;
  const ids = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { ...(hintId ? { hintId } : {}), ...(errorId ? { errorId } : {}), ...(ids ? { ids } : {}) };
}

function HintAndError({ hintId, errorId, hint, error }: { hintId?: string | undefined; errorId?: string | undefined; hint?: ComponentChildren; error?: string | null | undefined }) {
  return (
    <>
      {hint ? (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextAreaField(props: {
  label: string;
  name: string;
  value?: string | undefined;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  rows?: number;
  maxLength?: number;
  required?: boolean;
}) {
  const ids = describedBy(props.name, props.hint, props.error);
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={`field-${props.name}`}>{props.label}</label>
      <HintAndError hintId={ids.hintId} errorId={ids.errorId} hint={props.hint} error={props.error} />
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 4}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={ids.ids}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField(props: {
  label: string;
  name: string;
  value?: string | undefined;
  options: SelectOption[];
  groups?: Array<{ label: string; options: SelectOption[] }>;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  required?: boolean;
}) {
  const ids = describedBy(props.name, props.hint, props.error);
  const option = (o: SelectOption) => (
    <option value={o.value} selected={o.value === (props.value ?? '')}>
      {o.label}
    </option>
  );
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={`field-${props.name}`}>{props.label}</label>
      <HintAndError hintId={ids.hintId} errorId={ids.errorId} hint={props.hint} error={props.error} />
      <select id={`field-${props.name}`} name={props.name} required={props.required} aria-invalid={props.error ? 'true' : undefined} aria-describedby={ids.ids}>
        {props.options.map(option)}
        {(props.groups ?? []).map((group) => <optgroup label={group.label}>{group.options.map(option)}</optgroup>)}
      </select>
    </div>
  );
}

/** Radio buttons in a fieldset; the legend names the group, each label its choice. */
export function RadioGroup(props: {
  legend: string;
  name: string;
  value: string;
  options: SelectOption[];
  hint?: ComponentChildren;
  error?: string | null | undefined;
}) {
  const ids = describedBy(props.name, props.hint, props.error);
  return (
    <fieldset class={props.error ? 'field radio-group field-invalid' : 'field radio-group'} aria-describedby={ids.ids}>
      <legend>{props.legend}</legend>
      <HintAndError hintId={ids.hintId} errorId={ids.errorId} hint={props.hint} error={props.error} />
      <div class="radio-options">
        {props.options.map((o) => (
          <label class="radio-option">
            <input type="radio" name={props.name} value={o.value} checked={o.value === props.value} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A number input with bounds, which `Field` does not take. */
export function NumberField(props: { label: string; name: string; value?: string | undefined; min: number; max: number; hint?: ComponentChildren; error?: string | null | undefined }) {
  const ids = describedBy(props.name, props.hint, props.error);
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={`field-${props.name}`}>{props.label}</label>
      <HintAndError hintId={ids.hintId} errorId={ids.errorId} hint={props.hint} error={props.error} />
      <input
        id={`field-${props.name}`}
        name={props.name}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={ids.ids}
      />
    </div>
  );
}
