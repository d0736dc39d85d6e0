import type { PageContext } from '../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../web/components/forms.tsx';
import { PASSWORD_MIN_LENGTH } from './password.ts';

export interface FormState {
  values: Record<string, string>;
  error?: string | null;
  fieldErrors?: Record<string, string>;
}

export function LoginPage({ ctx, form, next }: { ctx: PageContext; form: FormState; next: string }) {
  return (
    <section class="narrow">
      <h1>Sign in</h1>
      <ErrorSummary message={form.error} />
      <form method="post" action="/login" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <Field label="Handle" name="handle" value={form.values.handle} required autocomplete="username" />
        <Field label="Password" name="password" type="password" required autocomplete="current-password" />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
      <p>
        New here? <a href="/signup">Create an account</a>.
      </p>
    </section>
  );
}

export function SignupPage({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const errors = form.fieldErrors ?? {};
  return (
    <section class="narrow">
      <h1>Join Musesocial</h1>
      <p class="lead">An account lets you post in live chats, RSVP and edit the wiki. Reading needs none.</p>
      <ErrorSummary message={form.error} />
      <form method="post" action="/signup" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <Field
          label="Handle"
          name="handle"
          value={form.values.handle}
          required
          autocomplete="username"
          hint="2–30 letters, digits or underscores. People will see you as @handle."
          error={errors.handle}
          maxLength={31}
        />
        <Field label="Display name" name="displayName" value={form.values.displayName} autocomplete="name" error={errors.displayName} maxLength={80} />
        <Field
          label="E-mail (optional)"
          name="email"
          type="email"
          value={form.values.email}
          autocomplete="email"
          hint="Only for reminders and password resets; never shown."
          error={errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autocomplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          error={errors.password}
          minLength={PASSWORD_MIN_LENGTH}
        />
        <button type="submit" class="button">
          Create account
        </button>
      </form>
      <p>
        Already have an account? <a href="/login">Sign in</a>.
      </p>
    </section>
  );
}
