import type { ComponentChildren } from 'preact';

/** A labelled textarea with hint and error, laid out like web/components/forms.tsx `Field`. */
export function TextArea(props: { label: ComponentChildren; name: string; value?: string | null; hint?: ComponentChildren; error?: string | null; maxLength?: number; required?: boolean; rows?: number }) {
  const id = `field-${props.name}`;
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
        name={props.name}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}
