import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/components/forms.tsx';
import type { AuthorSummary } from '../consent.repository.ts';
import type { AdminForgetInput } from '../consent.service.ts';

/** The second step of forgetting: exactly who and how much, before anything happens. */
export function ConsentConfirmPage({ ctx, authors, input }: { ctx: PageContext; authors: AuthorSummary[]; input: AdminForgetInput }) {
  const posts = authors.reduce((sum, a) => sum + a.posts, 0);
  const verb = input.mode === 'remove' ? 'Remove' : 'Anonymise';
  return (
    <>
      <h1>
        {verb} {posts} {posts === 1 ? 'post' : 'posts'}?
      </h1>
      <ul>
        {authors.map((a) => (
          <li>
            {a.displayName} (@{a.handle} on {a.network}): {a.posts} {a.posts === 1 ? 'post' : 'posts'}
          </li>
        ))}
      </ul>
      <p>
        {input.mode === 'remove'
          ? 'The posts, their likes and other people’s boosts of them are deleted, with the author. Replies by others stay. This cannot be undone.'
          : 'The posts stay, shown as by “Anonymous”, without a link to the original. The author is deleted. This cannot be undone.'}
      </p>
      <form method="post" action="/admin/consent/forget" class="inline-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="author" value={input.author} />
        <input type="hidden" name="network" value={input.network ?? 'any'} />
        <input type="hidden" name="mode" value={input.mode} />
        <input type="hidden" name="requestedBy" value={input.requestedBy} />
        <input type="hidden" name="reason" value={input.reason} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="button">
          {verb} now
        </button>
      </form>{' '}
      <a href="/admin/consent">Cancel</a>
    </>
  );
}
