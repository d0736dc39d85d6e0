import { slot, type RoomContext } from './room-context.ts';

/** The console and the room after `question.released`: no second release button. */
export function setQuestionReleased(ctx: RoomContext, number: number, releasedAt: string): void {
  const item = ctx.root.querySelector<HTMLElement>(`.room-queue-item[data-question="${number}"]`);
  if (!item) return;
  item.classList.add('room-queue-released');
  item.querySelector('[data-live-action="release"]')?.remove();
  const status = slot(item, 'queue-status');
  if (!status) return;
  const time = document.createElement('time');
  time.dateTime = releasedAt;
  const zone = ctx.readerZone;
  time.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', ...(zone ? { timeZone: zone } : {}) }).format(new Date(releasedAt));
  status.replaceChildren('Released at ', time);
}

/** `question.pinned`: highlight the group, the banner above the room, and the console's pin buttons. */
export function setPinned(ctx: RoomContext, number: number | null): void {
  for (const group of ctx.root.querySelectorAll<HTMLElement>('section.room-group')) {
    const pinned = number !== null && group.dataset.question === String(number);
    group.classList.toggle('room-group-pinned', pinned);
    const badge = slot(group, 'pin-badge');
    if (badge) badge.hidden = !pinned;
  }
  const banner = slot(ctx.root, 'pinned');
  const link = slot<HTMLAnchorElement>(ctx.root, 'pinned-link');
  if (banner && link) {
    banner.hidden = number === null;
    const text = number === null ? '' : slot(ctx.root.querySelector(`section[data-group="q${number}"]`) ?? document.createElement('div'), 'question-text')?.textContent;
    link.href = number === null ? '#' : `#q${number}`;
    link.textContent = number === null ? '' : text ? `Q${number}: ${text}` : `Q${number}`;
  }
  for (const button of ctx.root.querySelectorAll<HTMLButtonElement>('[data-live-action="pin"]')) {
    const question = button.closest<HTMLElement>('[data-question]')?.dataset.question;
    const pressed = question !== undefined && question === String(number);
    button.setAttribute('aria-pressed', String(pressed));
    button.textContent = `${pressed ? 'Unpin' : 'Pin'} Q${question}`;
    const base = `/chats/${encodeURIComponent(ctx.slug)}/live`;
    button.setAttribute('formaction', pressed ? `${base}/unpin` : `${base}/questions/${question}/pin`);
  }
}
