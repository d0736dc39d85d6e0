/**
 * Says something in an aria-live region: confirmations politely, refusals as
 * an alert. The region itself is in the server's markup, so screen readers
 * already know it when the first message arrives.
 */
export function say(region: HTMLElement | null, message: string, kind: 'error' | 'success' | 'info'): void {
  if (!region) return;
  const p = document.createElement('p');
  p.className = kind === 'info' ? 'room-feedback-info' : `notice notice-${kind}`;
  if (kind === 'error') p.setAttribute('role', 'alert');
  p.textContent = message;
  region.replaceChildren(p);
}

export function clear(region: HTMLElement | null): void {
  region?.replaceChildren();
}
