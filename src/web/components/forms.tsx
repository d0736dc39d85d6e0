import type { ComponentChildren } from 'preact';

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function ErrorSummary({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div class="notice notice-error" role="alert">
      {message}
    </div>
  );
}

export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number' | 'datetime-local';
  value?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: ComponentChildren;
  error?: string | null;
  minLength?: number;
  maxLength?: number;
}) {
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
      <input
        id={id}
        name={props.name}
        // preact types each input type separately; the union is fine at runtime.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        minLength={props.minLength}
        maxLength={props.maxLength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
    </div>
  );
}
