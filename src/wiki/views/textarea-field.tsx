import type { ComponentChildren } from 'preact';

/** A labelled textarea with hint and error, wired like web/components/forms.tsx Field. */
export function TextareaField(props: {
  label: string;
  name: string;
  value?: string;
  rows?: number;
  required?: boolean;
  readOnly?: boolean;
  id?: string;
  hint?: ComponentChildren;
  /** Ids of other elements that describe the field (e.g. the syntax help). */
  describedBy?: string;
  error?: string | null;
}) {
  const id = props.id ?? `field-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <textarea
        id={id}
        name={props.readOnly ? undefined : props.name}
        rows={props.rows ?? 16}
        required={props.required}
        readOnly={props.readOnly}
        class="wiki-textarea"
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={[hintId, errorId, props.describedBy].filter(Boolean).join(' ') || undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}
