import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { EventTimes, ReadEvent } from './event-reader.ts';

export type Decision = { kind: 'import'; times: EventTimes } | { kind: 'skipped' | 'rejected'; reason: string; line: number };

export interface PlannedEvent {
  line: number;
  uid: string | null;
  title: string;
  /** Names the event across imports; stored as chats.source_uid. */
  key: string;
  decision: Decision;
  notes: string[];
}

/**
 * Decides which VEVENTs become chats. A recurring event becomes one chat,
 * its first occurrence, as the file has it now: of several versions of the
 * same event (same UID and RECURRENCE-ID) the newest SEQUENCE wins, and an
 * override of the first occurrence (a moved first date) replaces the
 * rule's time. Overrides of later occurrences are skipped, except when the
 * file holds no series for them (an invitation to a single occurrence).
 */
export function chooseEvents(events: ReadEvent[]): PlannedEvent[] {
  const plans = events.map((event) => plan(event, event.result.kind === 'ok' ? { kind: 'import', times: event.result } : event.result));

  const byUid = new Map<string, number[]>();
  events.forEach((event, index) => {
    if (event.uid !== null) byUid.set(event.uid, [...(byUid.get(event.uid) ?? []), index]);
  });
  for (const [uid, indexes] of byUid) {
    const newest = supersede(events, indexes, plans);
    const master = newest.get(null);
    const series = master === undefined ? undefined : plans[master]!;
    // Read before the loop changes it: the series' first occurrence as the rule places it.
    const seriesStart = series?.decision.kind === 'import' ? series.decision.times.startsAt : null;
    for (const [recurrenceId, index] of newest) {
      if (recurrenceId === null) continue;
      const override = plans[index]!;
      if (override.decision.kind !== 'import') continue;
      if (series === undefined) {
        override.key = `${uid}#${DateTime.fromMillis(recurrenceId, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'")}`;
        override.notes.push('a single changed occurrence of a recurring event');
      } else if (seriesStart === null) {
        override.decision = skip(`changes one occurrence of the recurring event on line ${series.line}, which is not imported`, override.line);
      } else if (seriesStart === recurrenceId) {
        // The first occurrence was moved or edited: this version is the chat.
        override.key = uid;
        override.notes.push(`replaces the first occurrence of the recurring event on line ${series.line}`);
        series.decision = skip(`its first occurrence was changed by the RECURRENCE-ID override on line ${override.line}, which is imported instead`, series.line);
        series.notes = [];
      } else {
        override.decision = skip('changes a later occurrence of a recurring event; only the first occurrence is imported', override.line);
      }
    }
  }

  const seen = new Map<string, number>();
  for (const planned of plans) {
    if (planned.decision.kind !== 'import') continue;
    const first = seen.get(planned.key);
    if (first !== undefined) planned.decision = skip(`repeats the event on line ${first}`, planned.line);
    else seen.set(planned.key, planned.line);
  }
  return plans;
}

function plan(event: ReadEvent, decision: Decision): PlannedEvent {
  const start = decision.kind === 'import' ? String(decision.times.startsAt) : `line ${event.line}`;
  // Without a UID (Outlook's web export) the title and start time identify the event.
  const key = event.uid ?? `nouid-${crypto.createHash('sha256').update(`${event.title}\n${start}`).digest('hex').slice(0, 32)}`;
  return { line: event.line, uid: event.uid, title: event.title, key, decision, notes: decision.kind === 'import' ? [...decision.times.notes] : [] };
}

/** Keeps the newest version of each (UID, RECURRENCE-ID); returns recurrence id → index of the survivor. */
function supersede(events: ReadEvent[], indexes: number[], plans: PlannedEvent[]): Map<number | null, number> {
  const newest = new Map<number | null, number>();
  for (const index of indexes) {
    const id = events[index]!.recurrenceId;
    const current = newest.get(id);
    if (current === undefined) {
      newest.set(id, index);
      continue;
    }
    const [winner, loser] = isNewer(events[index]!, events[current]!) ? [index, current] : [current, index];
    newest.set(id, winner);
    const w = events[winner]!;
    plans[loser]!.decision = skip(`superseded by a newer version of the same event on line ${w.line} (SEQUENCE ${w.sequence})`, events[loser]!.line);
    plans[loser]!.notes = [];
  }
  return newest;
}

/** RFC 5546: a higher SEQUENCE is newer; for equal ones the later DTSTAMP, then the later in the file. */
function isNewer(candidate: ReadEvent, current: ReadEvent): boolean {
  if (candidate.sequence !== current.sequence) return candidate.sequence > current.sequence;
  if (candidate.stamp !== current.stamp) return candidate.stamp > current.stamp;
  return candidate.line > current.line;
}

function skip(reason: string, line: number): Decision {
  return { kind: 'skipped', reason, line };
}
