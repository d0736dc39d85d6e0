import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { sendPage } from '../web/render.ts';
import { getVisibleChat } from '../chats/chats.service.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { HandleParams } from './rsvps.schema.ts';
import { cancelRsvp, respond } from './rsvps.service.ts';
import { decide, listAttendees, updatePlaces } from './attendees.service.ts';
import { loadRsvpPanel, type RsvpPanelView } from './rsvp-panel.ts';
import { placeSettingsFromForm } from './place-settings.ts';
import { attendeesCsv } from './attendees.csv.ts';
import { formError } from './form-errors.ts';
import { RsvpPage } from './views/rsvp.page.tsx';
import { AttendeesPage, type AttendeesView, type SettingsForm } from './views/attendees.page.tsx';

// Form fields are loose strings here; the services say what is wrong with them, by field.
const RsvpForm = Type.Object({
  response: Type.Enum(['going', 'interested', 'place']),
  answer: Type.Optional(Type.String({ maxLength: 10_000 })),
  _csrf: Type.Optional(Type.String()),
});
const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String()) });
const PlacesForm = Type.Object({
  capacity: Type.Optional(Type.String({ maxLength: 20 })),
  mode: Type.Optional(Type.String({ maxLength: 20 })),
  question: Type.Optional(Type.String({ maxLength: 10_000 })),
  open: Type.Optional(Type.String({ maxLength: 5 })),
  _csrf: Type.Optional(Type.String()),
});
const DecisionForm = Type.Object({ decision: Type.Enum(['accept', 'decline', 'waitlist']), _csrf: Type.Optional(Type.String()) });
const AttendeesQuery = Type.Object({ saved: Type.Optional(Type.Enum(['places', 'decision'])) });

const SAVED_NOTICE = { places: 'Place settings saved.', decision: 'Decision saved.' } as const;

/** HTML side of RSVPs: the member's forms and the organizers' attendee page with its CSV export. */
export async function rsvpPages(app: FastifyInstance): Promise<void> {
  const database = app.database;
  const db = database.db;

  const showRsvp = async (request: FastifyRequest, reply: FastifyReply, slug: string, form: RsvpPanelView['form'], status: number) => {
    const chat = await getVisibleChat(db, slug, request.user);
    const view = { ...(await loadRsvpPanel(db, chat, request.user)), form };
    return sendPage(request, reply, (ctx) => ({ meta: { title: `RSVP: ${chat.title}` }, body: h(RsvpPage, { ctx, chat, view }) }), status);
  };

  const showAttendees = async (request: FastifyRequest, reply: FastifyReply, slug: string, extra: Partial<AttendeesView>, status = 200) => {
    const list = await listAttendees(db, request.user, slug);
    const view: AttendeesView = { ...list, ...extra };
    return sendPage(request, reply, (ctx) => ({ meta: { title: `Attendees: ${list.chat.title}` }, body: h(AttendeesPage, { ctx, view }) }), status);
  };

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/rsvp', { schema: { params: SlugParams } }, (request, reply) =>
    showRsvp(request, reply, request.params.slug, undefined, 200),
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof RsvpForm> }>(
    '/chats/:slug/rsvp',
    { schema: { params: SlugParams, body: RsvpForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { slug } = request.params;
      try {
        await respond(database, request.user, slug, { response: request.body.response, ...(request.body.answer !== undefined ? { answer: request.body.answer } : {}) });
        return reply.redirect(`/chats/${slug}#rsvp`, 303);
      } catch (error) {
        const problem = formError(error, ['answer']);
        if (!problem) throw error;
        return showRsvp(request, reply, slug, { error: problem.message, fieldErrors: problem.fieldErrors, answer: request.body.answer ?? '' }, problem.status);
      }
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof CsrfOnly> }>(
    '/chats/:slug/rsvp/cancel',
    { schema: { params: SlugParams, body: CsrfOnly }, preHandler: app.csrfProtection },
    async (request, reply) => {
      await cancelRsvp(database, request.user, request.params.slug);
      return reply.redirect(`/chats/${request.params.slug}#rsvp`, 303);
    },
  );

  app.get<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof AttendeesQuery> }>(
    '/chats/:slug/attendees',
    { schema: { params: SlugParams, querystring: AttendeesQuery } },
    (request, reply) => showAttendees(request, reply, request.params.slug, { notice: request.query.saved ? SAVED_NOTICE[request.query.saved] : null }),
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof PlacesForm> }>(
    '/chats/:slug/attendees/places',
    { schema: { params: SlugParams, body: PlacesForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { slug } = request.params;
      const body = request.body;
      try {
        await updatePlaces(database, request.user, slug, placeSettingsFromForm(body));
        return reply.redirect(`/chats/${slug}/attendees?saved=places`, 303);
      } catch (error) {
        const problem = formError(error, ['capacity', 'mode', 'question']);
        if (!problem) throw error;
        const settings: SettingsForm = {
          values: { capacity: body.capacity ?? '', mode: body.mode ?? '', question: body.question ?? '', open: body.open !== undefined },
          fieldErrors: problem.fieldErrors,
        };
        return showAttendees(request, reply, slug, { error: problem.message, settings }, problem.status);
      }
    },
  );

  app.post<{ Params: Static<typeof HandleParams>; Body: Static<typeof DecisionForm> }>(
    '/chats/:slug/attendees/:handle/decision',
    { schema: { params: HandleParams, body: DecisionForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const { slug, handle } = request.params;
      try {
        await decide(database, request.user, slug, handle, request.body.decision);
        return reply.redirect(`/chats/${slug}/attendees?saved=decision#attendee-list`, 303);
      } catch (error) {
        const problem = formError(error, []);
        if (!problem) throw error;
        return showAttendees(request, reply, slug, { error: `@${handle}: ${problem.message}` }, problem.status);
      }
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/attendees.csv', { schema: { params: SlugParams } }, async (request, reply) => {
    const { chat, attendees } = await listAttendees(db, request.user, request.params.slug);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${chat.slug}-attendees.csv"`)
      // Names and answers of real people: never kept by a shared cache.
      .header('cache-control', 'private, no-store')
      .send(attendeesCsv(attendees));
  });
}
