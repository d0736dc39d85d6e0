import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/components/forms.tsx';

/** One editing step as a form: the `op` and its target travel as hidden fields. */
export function OpForm({ ctx, base, op, fields = {}, class: className = 'inline-form', children, anchor }: { ctx: PageContext; base: string; op: string; fields?: Record<string, string>; class?: string; children: ComponentChildren; anchor?: string }) {
  return (
    <form method="post" action={`${base}/edit${anchor ? `#${anchor}` : ''}`} class={className} data-op={op}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="op" value={op} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {children}
    </form>
  );
}
