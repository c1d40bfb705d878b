// Waves: one-off and recurring invitations to the contacts a filter matches, their preview, and
// pausing, resuming and cancelling them.
import {
  changeWaveStatus,
  createWave,
  getWave,
  listWaves,
  previewWave,
  updateWave,
  type WaveAction,
  WaveInput,
  WavePatch,
} from '../../domain/distribution/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { ListWavesQuery, Wave, WavePreview, WavePreviewBody } from './wave-schemas.ts';

const tags = ['Distribution'];

const ACTIONS: Record<WaveAction, string> = {
  pause: 'Pause a wave: nothing more is planned (invitations already scheduled still go out)',
  resume: 'Resume a paused wave; a recurring wave catches up the days it missed, inviting each contact at most once',
  cancel: 'Cancel a wave for good; its invitations still waiting to be sent are cancelled',
};

export function waveRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/waves',
    {
      schema: {
        tags,
        summary: 'Waves, newest first (whole-workspace readers and managers)',
        querystring: ListWavesQuery,
        response: { 200: pageOf(Wave), ...problemResponses },
      },
    },
    async (request) => listWaves(db, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/waves',
    {
      schema: {
        tags,
        summary: 'Schedule a one-off or recurring wave (owner, admin, write keys)',
        description: 'A wave may be made for a draft survey; it waits until the survey is published. A closed survey is refused.',
        body: WaveInput,
        response: { 201: Wave, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createWave(db, requireActor(request), request.body, contextOf(request))),
  );

  app.post(
    '/api/v1/waves/preview',
    {
      schema: {
        tags,
        summary: 'How many contacts a wave would invite now, who would be skipped and why (writes nothing)',
        body: WavePreviewBody,
        response: { 200: WavePreview, ...problemResponses },
      },
    },
    async (request) => previewWave(db, requireActor(request), request.body, new Date()),
  );

  app.get(
    '/api/v1/waves/:id',
    { schema: { tags, summary: 'A wave with its invitations by status', params: IdParams, response: { 200: Wave, ...problemResponses } } },
    async (request) => getWave(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/waves/:id',
    {
      schema: {
        tags,
        summary: 'Rename a wave, or change its filter or start before it starts',
        params: IdParams,
        body: WavePatch,
        response: { 200: Wave, ...problemResponses },
      },
    },
    async (request) => updateWave(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  for (const action of Object.keys(ACTIONS) as WaveAction[]) {
    app.post(
      `/api/v1/waves/:id/${action}`,
      { schema: { tags, summary: ACTIONS[action], params: IdParams, response: { 200: Wave, ...problemResponses } } },
      async (request) => changeWaveStatus(db, requireActor(request), request.params.id, action, contextOf(request)),
    );
  }
}
