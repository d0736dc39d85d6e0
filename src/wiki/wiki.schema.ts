import { Type, type Static } from 'typebox';
import { ErrorResponse } from '../http/schemas.ts';

/** Request and response shapes of the wiki API and forms; the OpenAPI document is generated from these. */

export const WikiSlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) });
export const WikiRevisionParams = Type.Object({ slug: Type.String({ maxLength: 80 }), number: Type.Integer({ minimum: 1 }) });

export const PutWikiPageBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body: Type.String({ maxLength: 100_000, description: 'Markdown; [[Page name]] links another page, a line {{upcoming #tag}} lists the tag’s upcoming chats' }),
    baseRevision: Type.Integer({ minimum: 0, description: 'The revision this edit started from; 0 creates the page' }),
    summary: Type.Optional(Type.String({ maxLength: 300, description: 'What changed, for the history' })),
  },
  { additionalProperties: false },
);
export type PutWikiPageInput = Static<typeof PutWikiPageBody>;

const Author = Type.Union([Type.Object({ handle: Type.String(), displayName: Type.String() }), Type.Null()]);

export const WikiRevisionResponse = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  author: Author,
  createdAt: Type.String({ format: 'date-time' }),
  restoredFrom: Type.Union([Type.Integer(), Type.Null()]),
  url: Type.String(),
});

export const WikiPageResponse = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown of the current revision' }),
  revision: Type.Integer({ description: 'Current revision number: send it as baseRevision when saving' }),
  protected: Type.Boolean(),
  updatedBy: Author,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  url: Type.String(),
  historyUrl: Type.String(),
});

export const WikiRevisionListResponse = Type.Object({
  page: Type.String({ description: 'slug' }),
  revisions: Type.Array(WikiRevisionResponse, { description: 'Newest first' }),
});

/** 409 on PUT: the page moved past baseRevision; `currentRevision` is what to merge with. */
export const WikiConflictResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()), currentRevision: Type.Optional(Type.Integer()) }),
});

export { ErrorResponse };

// HTML forms. Lengths are checked by the service so the form can show the message by the field.
const csrf = { _csrf: Type.Optional(Type.String()) };

export const NewPageForm = Type.Object({ title: Type.String(), body: Type.String(), summary: Type.Optional(Type.String()), ...csrf });
export const EditPageForm = Type.Object({
  title: Type.String(),
  body: Type.String(),
  summary: Type.Optional(Type.String()),
  baseRevision: Type.Integer({ minimum: 1 }),
  ...csrf,
});
export const RestoreForm = Type.Object({ revision: Type.Integer({ minimum: 1 }), ...csrf });
export const ProtectForm = Type.Object({ protected: Type.Union([Type.Literal('1'), Type.Literal('0')]), ...csrf });
export const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });
export const WikiPageQuery = Type.Object({
  /** The page name from a [[link]] to a page not written yet. */
  title: Type.Optional(Type.String({ maxLength: 200 })),
  /** After a save or restore, for the confirmation notice. */
  saved: Type.Optional(Type.Integer({ minimum: 1 })),
  restored: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const NewPageQuery = Type.Object({ title: Type.Optional(Type.String({ maxLength: 200 })) });
