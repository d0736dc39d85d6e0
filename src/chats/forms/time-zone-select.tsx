import type { ComponentChildren } from 'preact';
import { SelectField, type SelectOption } from './form-controls.tsx';

/**
 * Every IANA zone the runtime knows, grouped by region ("America" →
 * "New York"), so people pick a zone rather than type one. The values are
 * the canonical names validateTimeZone() stores, so a saved zone is always
 * found again in the list.
 */
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];

const GROUPS: Array<{ label: string; options: SelectOption[] }> = (() => {
  const byRegion = new Map<string, SelectOption[]>();
  for (const zone of ZONES) {
    const slash = zone.indexOf('/');
    const region = slash === -1 ? 'Other' : zone.slice(0, slash);
    const place = (slash === -1 ? zone : zone.slice(slash + 1)).replace(/_/g, ' ').replace(/\//g, ' – ');
    byRegion.set(region, [...(byRegion.get(region) ?? []), { value: zone, label: place }]);
  }
  return [...byRegion.entries()].map(([label, options]) => ({ label, options }));
})();

export function TimeZoneSelect(props: {
  label: string;
  value: string;
  /** The option for "no zone chosen" (required fields say "Choose…", settings say "use my browser's"). */
  emptyLabel: string;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  required?: boolean;
}) {
  // A zone the runtime no longer lists (renamed upstream) must still show as selected, not silently change.
  const extra = props.value && !ZONES.includes(props.value) ? [{ value: props.value, label: props.value }] : [];
  return (
    <SelectField
      label={props.label}
      name="timeZone"
      value={props.value}
      options={[{ value: '', label: props.emptyLabel }, ...extra]}
      groups={GROUPS}
      hint={props.hint}
      error={props.error}
      required={props.required}
    />
  );
}
