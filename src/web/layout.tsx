import type { ComponentChildren } from 'preact';
import type { PageContext } from './context.ts';
import type { PageMeta } from './render.ts';
import { CsrfField } from './components/forms.tsx';
import { policies } from '../accounts/policies.ts';

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/chats', label: 'Chats' },
  { href: '/wiki', label: 'Wiki' },
  { href: '/search', label: 'Search' },
];

export function Layout({ ctx, meta, children }: { ctx: PageContext; meta: PageMeta; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title === 'Musesocial' ? meta.title : `${meta.title} · Musesocial`}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        <link rel="stylesheet" href="/assets/styles.css" />
        <link rel="alternate" type="application/atom+xml" title="Musesocial chats (Atom)" href="/feed.atom" />
        <link rel="alternate" type="application/rss+xml" title="Musesocial chats (RSS)" href="/feed.rss" />
        <link rel="alternate" type="text/calendar" title="Musesocial calendar" href="/calendar.ics" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {meta.reloadWithoutScriptSeconds ? (
          <noscript>
            <meta http-equiv="refresh" content={String(meta.reloadWithoutScriptSeconds)} />
          </noscript>
        ) : null}
        {meta.alternates?.map((link) => <link rel="alternate" type={link.type} href={link.href} title={link.title} />)}
        <script src="/assets/build/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              <span aria-hidden="true">#</span>Musesocial
            </a>
            <nav aria-label="Main">
              <ul class="nav-list">
                {NAV.map((item) => (
                  <li>
                    <a href={item.href} aria-current={isCurrent(ctx.path, item.href) ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
                {policies.createChat(ctx.user) ? (
                  <li>
                    {/* /chats/new already marks "Chats" as current; one current item per menu. */}
                    <a href="/chats/new">
                      New chat
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
            <div class="account">
              {ctx.user ? (
                <>
                  <a href={`/@${ctx.user.handle}`} class="account-handle">
                    @{ctx.user.handle}
                  </a>
                  <a href="/settings" aria-current={ctx.path === '/settings' ? 'page' : undefined}>
                    Settings
                  </a>
                  {policies.manageConsent(ctx.user) ? (
                    <a href="/admin/consent" aria-current={ctx.path.startsWith('/admin/consent') ? 'page' : undefined}>
                      Consent
                    </a>
                  ) : null}
                  <form method="post" action="/logout" class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <button type="submit" class="link-button">
                      Sign out
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href="/login">Sign in</a>
                  <a href="/signup" class="button button-small">
                    Join
                  </a>
                </>
              )}
            </div>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              Musesocial keeps your community's chats in archives you own. Times are shown in{' '}
              <span data-reader-zone="">{ctx.readerZone ?? 'the organizer’s time zone'}</span>.
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}
