// Reports: a reader reports a comment and is given a reference; with it they read the outcome, in
// JSON from the script or on a page (which finds a removal request's reference too).
import { Hono, type Context } from 'hono';
import { ApiError } from '../../errors.ts';
import { isForm, readFields } from '../../request-body.ts';
import { sourcePaused, sourceStanding } from '../held-sources.ts';
import { reportLimit } from '../limits.ts';
import * as model from '../model.ts';
import { requireProofOfWork } from '../proof-of-work.ts';
import { commentIdParam, parse, referencePattern, reportSchema } from '../schemas.ts';
import { reportPageMain } from '../thread-page.ts';
import { answer, sizeLimit } from './answer.ts';
import type { Board } from './board.ts';

/** Under /api: sending a report, and its status. */
export function reportRoutes(board: Board): Hono {
  const { deps, writes } = board;
  const { db, clock, sources } = deps;
  const app = new Hono();

  app.post('/comments/:id/reports', sizeLimit(board), async (c) => {
    const id = commentIdParam(c.req.param('id'));
    const input = parse(reportSchema, await readFields(c));
    const settings = await board.settings();
    const source = board.sourceOf(c);
    const staff = await board.staffOf(c);
    // A report from the script pays for a browser check; one from the page without JavaScript,
    // which only reaches moderators, needs none.
    const checked = board.submitting.proofOfWork && !isForm(c) && !staff;
    const work = checked ? await requireProofOfWork(deps.formSecret, input.pow, { form: false, settings, now: clock() }) : { limits: [] };
    // Report de-duplication stays on whatever LIMITS says: one source counts once per comment.
    const report = async () => {
      // A source the moderators refused for the day is not heard; one they hold is, counting for nothing.
      const standing = staff ? undefined : await sourceStanding(db, sources, source, clock());
      if (standing?.action === 'refuse') throw sourcePaused('reports');
      const sent = await model.reportComment(db, writes, {
        commentId: id,
        reason: input.reason,
        note: input.note ?? null,
        sourceKey: sources.key(source, `report:${id}`),
        sourceTag: standing?.tag ?? null,
        sourceHeld: standing?.action === 'hold',
        threshold: settings.reportThreshold,
        limits: deps.limits ? [reportLimit(sources, source, settings), ...work.limits] : [],
        now: clock(),
      });
      deps.onQueueEvent?.({ kind: 'reported', reason: input.reason, hiddenByReports: sent.hiddenByReports });
      return sent;
    };
    return answer(c, board, report, {
      json: async ({ report }) => {
        const challenge = await board.challenge();
        if (challenge) c.header('Pow-Challenge', challenge);
        return c.json({ report }, 201);
      },
      form: async ({ report }) => {
        const comment = await model.getComment(db, id);
        return c.redirect(`${board.pagePath(comment!.postId)}?sent=reported&ref=${encodeURIComponent(report.id)}`, 303);
      },
      // Refused from the page without JavaScript: its thread again, with the reason.
      refusedForm: isForm(c) ? { post: board.posts.get((await model.getComment(db, id))?.postId ?? '') } : undefined,
    });
  });

  app.get('/reports/:id', async (c) => {
    const id = c.req.param('id');
    if (!referencePattern.test(id)) throw new ApiError('report_not_found', 'There is no report with this reference.');
    return c.json({ report: await model.getReport(db, id) });
  });

  return app;
}

/** At /reports: a report's outcome as a page, for the reader who sent it (with or without JavaScript). */
export function reportPages(board: Board): Hono {
  const { db } = board.deps;
  const pages = new Hono();
  const reportPage = (c: Context, main: string, status: 200 | 404 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(board.shell.render({ title: 'Check a report or a request', main }), status);
  };

  pages.get('/', (c) => {
    const ref = c.req.query('ref')?.trim();
    if (ref) return c.redirect(`/reports/${encodeURIComponent(ref)}`, 303);
    return reportPage(c, reportPageMain({}));
  });

  // One page for both kinds of reference a reader is given: a report's, or a removal request's.
  pages.get('/:id', async (c) => {
    const id = c.req.param('id');
    const missing = (code: string) => (error: unknown) => (error instanceof ApiError && error.code === code ? undefined : Promise.reject(error));
    const report = referencePattern.test(id) ? await model.getReport(db, id).catch(missing('report_not_found')) : undefined;
    const request = referencePattern.test(id) && !report ? await model.getRemovalRequest(db, id).catch(missing('request_not_found')) : undefined;
    if (report) return reportPage(c, reportPageMain({ report }));
    if (request) return reportPage(c, reportPageMain({ request }));
    return reportPage(c, reportPageMain({ notFound: id.slice(0, 64) }), 404);
  });

  return pages;
}
