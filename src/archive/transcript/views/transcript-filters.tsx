import type { ComponentChildren } from 'preact';
import type { ChatDetails } from '../../../chats/chats.repository.ts';
import { questionAsWritten, type FieldErrors, type RawTranscriptQuery } from '../transcript-query.ts';
import { transcriptPath } from '../transcript-urls.ts';
import { OTHER } from '../transcript-groups.ts';
import type { TocEntry } from '../transcript.service.ts';

/** The filters as a plain GET form: it works without JavaScript and its URL can be shared. */
export function TranscriptFilters({ chat, toc, raw, errors }: { chat: ChatDetails; toc: TocEntry[] | null; raw: RawTranscriptQuery; errors: FieldErrors }) {
  // As the option values write it, so the menu keeps the chosen question selected.
  const question = questionAsWritten(raw);
  // Every question the transcript groups by: the chat's own, and those its archive answers (imported chats number theirs in posts).
  const questions = toc ? toc.flatMap((entry) => (entry.key === OTHER ? [] : [{ number: entry.key, text: entry.question?.text ?? null }])) : chat.questions;
  return (
    <form method="get" action={transcriptPath(chat.slug)} class="filters transcript-filters" role="search" aria-label="Filter the transcript">
      <FilterField name="author" label="Author" error={errors.author}>
        <input id="filter-author" name="author" value={raw.author ?? ''} placeholder="@handle" {...describedBy('author', errors.author)} />
      </FilterField>
      <FilterField name="question" label="Question" error={errors.question}>
        <select id="filter-question" name="question" {...describedBy('question', errors.question)}>
          <option value="">All questions</option>
          {questions.map((q) => (
            <option value={String(q.number)} selected={question === String(q.number)}>
              {q.text ? `Q${q.number} ${truncate(q.text, 40)}` : `Q${q.number}`}
            </option>
          ))}
          <option value="other" selected={question === 'other'}>
            Other conversation
          </option>
        </select>
      </FilterField>
      <FilterField name="type" label="Type" error={errors.type}>
        <select id="filter-type" name="type" {...describedBy('type', errors.type)}>
          <option value="">All types</option>
          {(['original', 'reply', 'quote', 'boost'] as const).map((type) => (
            <option value={type} selected={raw.type === type}>
              {TYPE_LABEL[type]}
            </option>
          ))}
        </select>
      </FilterField>
      <div class={errors.boosts ? 'field field-invalid' : 'field'}>
        {errors.boosts ? (
          <p class="field-error" id="filter-boosts-error">
            Boosts: {errors.boosts}
          </p>
        ) : null}
        <label class="choice">
          <input type="checkbox" name="boosts" value="show" checked={raw.boosts === 'show'} {...describedBy('boosts', errors.boosts)} /> Show boosts
        </label>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-secondary">
          Filter
        </button>{' '}
        <a href={transcriptPath(chat.slug)}>Clear</a>
      </div>
    </form>
  );
}

const TYPE_LABEL = { original: 'Original posts', reply: 'Replies', quote: 'Quotes', boost: 'Boosts' } as const;

function FilterField({ name, label, error, children }: { name: string; label: string; error: string | undefined; children: ComponentChildren }) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={`filter-${name}`}>{label}</label>
      {error ? (
        <p class="field-error" id={`filter-${name}-error`}>
          {label}: {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

function describedBy(name: string, error: string | undefined) {
  return error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `filter-${name}-error` } : {};
}

function truncate(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}
