import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { errorResponses } from '../http/schemas.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { decide, getPlaces, updatePlaces } from './attendees.service.ts';
import { cancelRsvp, readRsvps, respond } from './rsvps.service.ts';
import { presentAttendee, presentMine, presentPlaces, presentSummary } from './rsvp.presenter.ts';
import { DecisionBody, DecisionResponse, HandleParams, PlacesBody, PlacesResponse, RsvpBody, RsvpListResponse, RsvpStateResponse } from './rsvps.schema.ts';
import type { RsvpState } from './rsvps.service.ts';

const presentState = (state: RsvpState) => ({ summary: presentSummary(state.summary), mine: presentMine(state.mine) });

/** `/api/v1/chats/:slug/{places,rsvp,rsvps}`: thin handlers — validate (schemas), call the service, present. */
export async function rsvpsApi(app: FastifyInstance): Promise<void> {
  const database = app.database;
  const db = database.db;
  const tags = ['rsvps'];

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug/places',
    { schema: { tags, summary: 'In-person place settings and counts (in-person and hybrid chats)', params: SlugParams, response: { 200: PlacesResponse, ...errorResponses } } },
    async (request) => presentPlaces((await getPlaces(db, request.params.slug, request.user)).places),
  );

  app.put<{ Params: Static<typeof SlugParams>; Body: Static<typeof PlacesBody> }>(
    '/chats/:slug/places',
    {
      schema: {
        tags,
        summary: 'Set capacity, mode, question and whether requests are open (organizer, hosts, moderators, admins). A raised capacity promotes the waitlist; a lowered one evicts nobody.',
        params: SlugParams,
        body: PlacesBody,
        response: { 200: PlacesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const summary = await updatePlaces(database, request.user, request.params.slug, request.body);
      return presentPlaces(summary.places!);
    },
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug/rsvps',
    { schema: { tags, summary: 'RSVP counts and your own RSVP; the full list for the people who manage attendees', params: SlugParams, response: { 200: RsvpListResponse, ...errorResponses } } },
    async (request) => {
      const result = await readRsvps(db, request.user, request.params.slug);
      return { ...presentState(result), canManage: result.canManage, rsvps: result.attendees.map(presentAttendee) };
    },
  );

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof RsvpBody> }>(
    '/chats/:slug/rsvp',
    {
      schema: {
        tags,
        summary: 'RSVP: going / interested online, or ask for a place (confirmed, waitlisted or applied, by the chat’s mode)',
        params: SlugParams,
        body: RsvpBody,
        response: { 200: RsvpStateResponse, ...errorResponses },
      },
    },
    async (request) => presentState(await respond(database, request.user, request.params.slug, request.body)),
  );

  app.delete<{ Params: Static<typeof SlugParams> }>(
    '/chats/:slug/rsvp',
    { schema: { tags, summary: 'Cancel your RSVP; a freed place goes to the head of the waitlist', params: SlugParams, response: { 200: RsvpStateResponse, ...errorResponses } } },
    async (request) => presentState(await cancelRsvp(database, request.user, request.params.slug)),
  );

  app.post<{ Params: Static<typeof HandleParams>; Body: Static<typeof DecisionBody> }>(
    '/chats/:slug/rsvps/:handle/decision',
    {
      schema: {
        tags,
        summary: 'Accept, decline or waitlist a request for a place (organizer, hosts, moderators, admins)',
        params: HandleParams,
        body: DecisionBody,
        response: { 200: DecisionResponse, ...errorResponses },
      },
    },
    async (request) => {
      const result = await decide(database, request.user, request.params.slug, request.params.handle, request.body.decision);
      return { summary: presentSummary(result.summary), rsvp: presentAttendee(result.attendee) };
    },
  );
}
