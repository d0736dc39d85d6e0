import type { PageContext } from '../web/context.ts';
import { CsrfField, ErrorSummary, Field } from '../web/components/forms.tsx';
import { TextAreaField } from '../chats/forms/form-controls.tsx';
import { TimeZoneSelect } from '../chats/forms/time-zone-select.tsx';
import type { FormState } from './accounts.pages.tsx';
import { BIO_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH } from './settings.service.ts';
import type { ApiTokenSummary } from './api-tokens.repository.ts';
import { LocalTime } from '../web/components/time.tsx';

export function SettingsPage({ ctx, form, saved, tokens }: { ctx: PageContext; form: FormState; saved: boolean | 'revoked'; tokens: ApiTokenSummary[] }) {
  const errors = form.fieldErrors ?? {};
  return (
    <section class="narrow">
      <h1>Settings</h1>
      {saved && !form.error ? (
        <div class="notice notice-info" role="status">
          {saved === 'revoked' ? 'The API token is revoked.' : 'Your settings are saved.'}
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
      <SecuritySettings ctx={ctx} tokens={tokens} />
    </section>
  );
}

/** API tokens (created with `musesocial token create`) and ending every session. */
function SecuritySettings({ ctx, tokens }: { ctx: PageContext; tokens: ApiTokenSummary[] }) {
  return (
    <>
      <h2>API tokens</h2>
      <p class="hint">Scripts use the API with a token (an administrator makes one with <code>musesocial token create</code>). Revoke one you no longer use: it stops working at once.</p>
      {tokens.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <ul class="stack">
          {tokens.map((token) => (
            <li key={token.id}>
              <form method="post" action={`/settings/tokens/${token.id}/revoke`}>
                <CsrfField token={ctx.csrfToken} />
                <strong>{token.name}</strong> <code>{token.prefix}…</code>, created <LocalTime at={token.createdAt} zone="UTC" readerZone={ctx.readerZone} style="date" />
                {token.lastUsedAt === null ? ', never used' : <>, last used <LocalTime at={token.lastUsedAt} zone="UTC" readerZone={ctx.readerZone} style="date" /></>}{' '}
                <button type="submit" class="button button-secondary" aria-label={`Revoke ${token.name}`} data-confirm={`Revoke the token “${token.name}”? Scripts using it stop working at once.`}>
                  Revoke
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>Sessions</h2>
      <form method="post" action="/settings/sessions/end-all">
        <CsrfField token={ctx.csrfToken} />
        <p>Signed in on a shared or lost device? This signs you out on every device and browser, this one included.</p>
        <button type="submit" class="button button-secondary" data-confirm="Sign out on every device, this one included?">
          Log out everywhere
        </button>
      </form>
    </>
  );
}
