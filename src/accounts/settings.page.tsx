import type { PageContext } from '../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../web/components/forms.tsx';
import { TextAreaField } from '../chats/forms/form-controls.tsx';
import { TimeZoneSelect } from '../chats/forms/time-zone-select.tsx';
import type { FormState } from './accounts.pages.tsx';
import { BIO_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH } from './settings.service.ts';

export function SettingsPage({ ctx, form, saved }: { ctx: PageContext; form: FormState; saved: boolean }) {
  const errors = form.fieldErrors ?? {};
  return (
    <section class="narrow">
      <h1>Settings</h1>
      {saved && !form.error ? (
        <div class="notice notice-info" role="status">
          Your settings are saved.
        </div>
      ) : null}
      <ErrorSummary message={form.error} />
      {/* No data-timezone-field here: an empty zone is a choice ("follow my browser"), not a gap to fill. */}
      <form method="post" action="/settings" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <Field label="Display name" name="displayName" value={form.values.displayName} required autocomplete="name" maxLength={DISPLAY_NAME_MAX_LENGTH} error={errors.displayName} />
        <TextAreaField label="Bio" name="bio" value={form.values.bio} rows={4} maxLength={BIO_MAX_LENGTH} hint={`Shown on your profile; up to ${BIO_MAX_LENGTH} characters.`} error={errors.bio} />
        <TimeZoneSelect
          label="Time zone"
          value={form.values.timeZone ?? ''}
          emptyLabel="Use my browser’s time zone"
          hint="Every time on the site is shown in this zone, even with JavaScript off. With “browser’s zone”, pages show the organizer’s zone until your browser converts them."
          error={errors.timeZone}
        />
        <button type="submit" class="button">
          Save settings
        </button>
      </form>
    </section>
  );
}
