import type { FastifyInstance, FastifyReply } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { sendPage } from '../web/render.ts';
import { SlugParams } from '../chats/chats.schema.ts';
import { getVisibleChat } from '../chats/chats.service.ts';
import { notFound } from '../errors.ts';
import { chatStats } from './metrics.service.ts';
import { figuresOf } from './figures-cache.ts';
import { communityGrowth } from './growth.service.ts';
import { CHAT_TABLES, GROWTH_TABLES, chatTable, growthTable, tableCsv, type ChatTableName, type GrowthTableName } from './stats-tables.ts';
import { networkGexf } from './network-gexf.ts';
import { answersChart, perMinuteChart, responseTimeChart } from './charts/stats-charts.ts';
import { networkChart } from './charts/network-chart.ts';
import { growthChart, retentionChart } from './charts/growth-charts.ts';
import { ChatStatsPage } from './views/chat-stats.page.tsx';
import { GrowthPage } from './views/growth.page.tsx';
import { GrowthQuery } from './metrics.schema.ts';

const FileParams = Type.Object({ slug: SlugParams.properties.slug, file: Type.String({ maxLength: 40 }) });
const GrowthFileParams = Type.Object({ file: Type.String({ maxLength: 40 }) });

function sendFile(reply: FastifyReply, body: string, type: string, filename: string): FastifyReply {
  // Hashtags may be any letters; a header carries ASCII (RFC 6266 filename*, with a plain fallback).
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('cache-control', 'no-cache')
    .send(body);
}

/** /chats/:slug/stats with its CSV and GEXF downloads, and /stats (the community across chats). */
export async function metricsPages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get<{ Params: Static<typeof SlugParams> }>('/chats/:slug/stats', { schema: { params: SlugParams } }, async (request, reply) => {
    const stats = await chatStats(db, request.user, request.params.slug);
    const [perMinute, answers, responseTime, network] = await Promise.all([
      perMinuteChart(stats.figures),
      answersChart(stats.figures),
      responseTimeChart(stats.figures),
      networkChart(stats.figures),
    ]);
    return sendPage(request, reply, (ctx) => ({
      meta: { title: `Metrics: ${stats.chat.title}`, description: `Posts, participants, questions, network and links of the chat “${stats.chat.title}”.` },
      body: h(ChatStatsPage, { ctx, stats, charts: { perMinute, answers, responseTime, network } }),
    }));
  });

  app.get<{ Params: Static<typeof FileParams> }>('/chats/:slug/stats/:file', { schema: { params: FileParams } }, async (request, reply) => {
    const { slug, file } = request.params;
    const chat = await getVisibleChat(db, slug, request.user);
    if (file === 'network.gexf') {
      const figures = await figuresOf(db, chat);
      return sendFile(reply, networkGexf(figures, chat.title), 'application/gexf+xml; charset=utf-8', `${chat.slug}-network.gexf`);
    }
    const name = file.endsWith('.csv') ? file.slice(0, -4) : '';
    if (!(CHAT_TABLES as readonly string[]).includes(name)) throw notFound('Table');
    const figures = await figuresOf(db, chat);
    return sendFile(reply, tableCsv(chatTable(name as ChatTableName, figures)), 'text/csv; charset=utf-8', `${chat.slug}-${name}.csv`);
  });

  app.get<{ Querystring: Static<typeof GrowthQuery> }>('/stats', { schema: { querystring: GrowthQuery } }, async (request, reply) => {
    const growth = await communityGrowth(db, request.query.tag);
    const [growthSvg, retention] = await Promise.all([growthChart(growth), retentionChart(growth)]);
    return sendPage(request, reply, () => ({
      meta: { title: growth.tag ? `Community metrics: #${growth.tag}` : 'Community metrics', description: 'Participants, posts and retention across chats, and the topics people bring.' },
      body: h(GrowthPage, { growth, charts: { growth: growthSvg, retention }, rawTag: request.query.tag ?? '' }),
    }));
  });

  app.get<{ Params: Static<typeof GrowthFileParams>; Querystring: Static<typeof GrowthQuery> }>(
    '/stats/:file',
    { schema: { params: GrowthFileParams, querystring: GrowthQuery } },
    async (request, reply) => {
      const name = request.params.file.endsWith('.csv') ? request.params.file.slice(0, -4) : '';
      if (!(GROWTH_TABLES as readonly string[]).includes(name)) throw notFound('Table');
      const growth = await communityGrowth(db, request.query.tag);
      return sendFile(reply, tableCsv(growthTable(name as GrowthTableName, growth)), 'text/csv; charset=utf-8', `${growth.tag ?? 'all'}-${name}.csv`);
    },
  );
}
