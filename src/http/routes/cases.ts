// Cases: the follow-up of answers. Lists and reads are scoped (managers: their subtree's units;
// frontline: cases they own or watch); changes, notes and replies go on the case's timeline.
import { addCaseNote, caseKpis, getCase, listCases, replyToCustomer, updateCase } from '../../domain/loop/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { CaseDetail, CaseKpiQuery, CaseKpis, CaseListQuery, CaseNote, CasePatch, CaseReply, CaseSummary } from './loop-schemas.ts';

const tags = ['Closed loop'];

export function caseRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary: 'Cases you may see, most urgent first (managers: their subtree; frontline: cases they own or watch)',
        querystring: CaseListQuery,
        response: { 200: pageOf(CaseSummary), ...problemResponses },
      },
    },
    async (request) => listCases(db, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/cases/:id',
    { schema: { tags, summary: 'One case with its answer, contact and timeline', params: IdParams, response: { 200: CaseDetail, ...problemResponses } } },
    async (request) => getCase(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'Change status, owner, root cause, outcome, tags or watchers',
        description:
          'Status moves new → in_progress → contacted → resolved, or to closed_without_contact; a closed case may be reopened (in_progress). Reassigning is for owner, admin, write keys and managers within their subtree, and is audited.',
        params: IdParams,
        body: CasePatch,
        response: { 200: CaseDetail, ...problemResponses },
      },
    },
    async (request) => updateCase(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.post(
    '/api/v1/cases/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note to the timeline; with call: true it logs a call (first contact)',
        params: IdParams,
        body: CaseNote,
        response: { 201: CaseDetail, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addCaseNote(db, requireActor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/cases/:id/replies',
    {
      schema: {
        tags,
        summary: 'Email the customer as the case owner, threaded with earlier replies (first contact)',
        description: 'From "{owner} via {company}" when the sending settings show owners, Reply-To the owner; Message-ID <case-{id}-reply-{n}@host>.',
        params: IdParams,
        body: CaseReply,
        response: { 201: CaseDetail, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await replyToCustomer(db, requireActor(request), deps.mail, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/case-kpis',
    {
      schema: {
        tags,
        summary: 'Follow-up KPIs of the cases you may see: within-SLA share, median time to first contact, open, overdue, recovery rate',
        description: 'Cases created in [from, to); the last 90 days by default. Total, by unit and by owner.',
        querystring: CaseKpiQuery,
        response: { 200: CaseKpis, ...problemResponses },
      },
    },
    async (request) => caseKpis(db, requireActor(request), request.query),
  );
}
