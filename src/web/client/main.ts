/**
 * Musesocial browser bundle.
 *
 * Every page works without JavaScript: the server already writes times in a
 * sensible zone and forms post normally. This script only adds small
 * improvements the server cannot make on its own, because only the browser
 * knows the reader's time zone. It is loaded with `defer` and the CSP forbids
 * inline scripts, so all behaviour lives here and hooks onto data attributes.
 */

type LocalStyle = 'full' | 'date' | 'time';

// Options per `data-local` style. They mirror the server's formats in
// src/web/components/time.tsx so a rewritten time reads like the original.
const FORMATS: Record<LocalStyle, Intl.DateTimeFormatOptions> = {
  full: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  date: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
};

/** The browser's IANA zone, or null where Intl cannot tell (very old engines). */
function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/**
 * Prefer the reader's own regional variant of the page language (en-GB vs
 * en-US decides "3 June" vs "June 3"), but never switch to another language:
 * a German month name inside an English sentence would read oddly.
 */
function pickLocale(): string | undefined {
  const page = (document.documentElement.lang || '').toLowerCase();
  if (!page) return undefined;
  const base = page.split('-')[0] ?? page;
  const preferred = (navigator.languages ?? [navigator.language]).find(
    (l) => l.toLowerCase() === page || l.toLowerCase().split('-')[0] === base,
  );
  return preferred ?? page;
}

function isLocalStyle(value: string | null): value is LocalStyle {
  return value === 'full' || value === 'date' || value === 'time';
}

/** (a) Rewrite server-rendered times into the browser's own zone. */
function localiseTimes(locale: string | undefined): void {
  const formatters = new Map<LocalStyle, Intl.DateTimeFormat>();
  for (const el of document.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    const style = el.getAttribute('data-local');
    if (!isLocalStyle(style)) continue;
    const at = new Date(el.dateTime);
    // A malformed datetime would render "Invalid Date"; the server text is better.
    if (Number.isNaN(at.getTime())) continue;

    let fmt = formatters.get(style);
    if (!fmt) {
      fmt = new Intl.DateTimeFormat(locale, FORMATS[style]);
      formatters.set(style, fmt);
    }

    const original = (el.textContent ?? '').trim();
    const local = fmt.format(at);
    if (local === original) continue;
    // Keep the organiser's wording reachable (hover / assistive tech), and the
    // server's UTC tooltip after it, so nothing the server said is lost.
    const previousTitle = el.getAttribute('title');
    el.title = `Organizer’s time: ${original}${previousTitle ? ` (${previousTitle})` : ''}`;
    el.textContent = local;
  }
}

/**
 * (b) Say which zone times are shown in. The footer defaults to "the
 * organizer’s time zone"; once (a) has rewritten times that is no longer true.
 * A member's chosen zone is rendered by the server (and then no time carries
 * data-local), so in that case the text is left alone. A non-empty attribute
 * value is treated as a zone the server already declared and also left alone.
 */
function labelReaderZone(zone: string): void {
  const hasLocalTimes = document.querySelector('time[data-local]') !== null;
  for (const el of document.querySelectorAll<HTMLElement>('[data-reader-zone]')) {
    if (el.getAttribute('data-reader-zone') !== '') continue;
    const saysOrganizer = /organi[sz]er/i.test(el.textContent ?? '');
    if (hasLocalTimes || saysOrganizer) el.textContent = `your time zone (${zone})`;
  }
}

/**
 * (c) Pre-fill empty time-zone fields (sign-up, settings, new chat) with the
 * browser's zone, so people don't have to find "America/Chicago" in a list.
 * An existing value is a deliberate choice and is never overwritten.
 */
function fillTimeZoneFields(zone: string): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-timezone-field]')) {
    for (const field of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
      'input[name="timeZone"], select[name="timeZone"]',
    )) {
      if (field.value !== '') continue;
      // Setting a select to a value it has no option for would blank it.
      if (field instanceof HTMLSelectElement && !Array.from(field.options).some((o) => o.value === zone)) continue;
      field.value = zone;
    }
  }
}

/**
 * (d) Ask before destructive actions (delete, end chat). One delegated
 * listener covers buttons added later and Enter-key submits, which browsers
 * dispatch as a click on the form's default button.
 */
function confirmDangerousButtons(): void {
  document.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const button = target.closest<HTMLButtonElement>('button[data-confirm]');
    if (!button || button.disabled) return;
    const message = button.getAttribute('data-confirm') || 'Are you sure?';
    if (!window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  });
}

function init(): void {
  const zone = browserZone();
  // Each step is independent; one failing (e.g. an exotic Intl) must not stop the rest.
  const steps: Array<() => void> = [
    () => localiseTimes(pickLocale()),
    () => zone && labelReaderZone(zone),
    () => zone && fillTimeZoneFields(zone),
    confirmDangerousButtons,
  ];
  for (const step of steps) {
    try {
      step();
    } catch (err) {
      console.error('musesocial:', err);
    }
  }
}

// `defer` normally means the DOM is already parsed, but guard in case the
// script is ever loaded differently.
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init, { once: true });
} else {
  init();
}
