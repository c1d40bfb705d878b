// Waves: invitations to the contacts a filter matches, once (one-off) or every N days (a
// relationship programme, spread evenly over the period). A new wave is previewed first: how many
// would be invited now, who would be skipped and why; then it is scheduled.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContactFilterView, WaveView } from '../../../domain/views.ts';
import { type AttributeDefinition, api, type Page } from '../../api.ts';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { STATUS_LABELS } from '../../components/survey-editor/api.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { INVITATION_STATUS_LABELS, WAVE_STATUS_LABELS, waveKindLabel } from '../../format-distribution.ts';
import { useAttributeDefinitions, useUnits } from '../../queries.ts';
import { usePermissions } from '../../session.tsx';
import { NewWave, waveKeys } from './NewWave.tsx';

function useWaves() {
  return useQuery({ queryKey: waveKeys.all, queryFn: () => api.get<Page<WaveView>>('/waves', { limit: 200 }) });
}

export function Waves() {
  const waves = useWaves();
  const { manageDistribution } = usePermissions();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const open = waves.data?.items.find((wave) => wave.id === openId);

  return (
    <>
      <PageHeader
        title="Waves"
        intro="Invite the contacts a filter chooses: once, or every N days as a relationship programme spread evenly over the period. Contacts added later join a recurring wave by themselves."
        actions={
          manageDistribution && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New wave
            </button>
          )
        }
      />
      {status && <Status message={status} />}
      {waves.isPending && <Loading what="waves" />}
      {waves.isError && <ErrorNotice error={waves.error} />}
      {waves.data && (
        <section className="card card-flush" aria-label="Wave list">
          {waves.data.items.length === 0 ? (
            <p className="empty">No waves yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Survey</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Next run</th>
                  <th scope="col">Last run</th>
                  <th scope="col" className="numeric">
                    Invitations
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {waves.data.items.map((wave) => (
                  <tr key={wave.id}>
                    <th scope="row" data-label="Name">
                      {wave.name}
                    </th>
                    <td data-label="Survey">{wave.surveyName}</td>
                    <td data-label="Kind">{waveKindLabel(wave.kind, wave.everyDays)}</td>
                    <td data-label="Status">
                      <WaveStatusBadge wave={wave} />
                    </td>
                    <td data-label="Next run">{wave.nextRunAt ? formatDateTime(wave.nextRunAt) : <span className="muted">None</span>}</td>
                    <td data-label="Last run">{wave.lastRunAt ? formatDateTime(wave.lastRunAt) : <span className="muted">Not yet</span>}</td>
                    <td data-label="Invitations" className="numeric">
                      {formatNumber(wave.invitations.total)}
                      {wave.invitations.total > 0 && (
                        <span className="muted small">
                          {' '}
                          ({formatNumber(wave.invitations.sent)} sent, {formatNumber(wave.invitations.scheduled)} scheduled)
                        </span>
                      )}
                    </td>
                    <td className="cell-actions">
                      <button type="button" className="button button-small" onClick={() => setOpenId(wave.id)}>
                        Details<span className="visually-hidden"> of {wave.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {creating && (
        <NewWave
          onClose={() => setCreating(false)}
          onDone={(wave) => {
            setCreating(false);
            setStatus(`Wave ${wave.name} is scheduled.`);
          }}
        />
      )}
      {open && <WaveDetails wave={open} canManage={manageDistribution} onClose={() => setOpenId(null)} onChanged={setStatus} />}
    </>
  );
}

function WaveStatusBadge({ wave }: { wave: WaveView }) {
  const tone =
    wave.status === 'running' || wave.status === 'done'
      ? 'badge-success'
      : wave.status === 'paused'
        ? 'badge-warning'
        : wave.status === 'cancelled'
          ? 'badge-danger'
          : '';
  return (
    <>
      <span className={`badge ${tone}`}>{WAVE_STATUS_LABELS[wave.status]}</span>
      {wave.surveyStatus !== 'active' && wave.status !== 'cancelled' && wave.status !== 'done' && (
        <span className="muted small"> (waits for the survey: {STATUS_LABELS[wave.surveyStatus].toLowerCase()})</span>
      )}
    </>
  );
}
/** The filter in words: "Unit Nordics and below · Segment business · Tier 2". */
function filterSummary(filter: ContactFilterView, units: { id: string; name: string }[], definitions: AttributeDefinition[]): string {
  const parts: string[] = [];
  if (filter.unitId) {
    const unit = units.find((u) => u.id === filter.unitId)?.name ?? 'a unit you cannot see';
    parts.push(`Unit ${unit}${filter.subtree ? ' and below' : ''}`);
  }
  if (filter.segment) parts.push(`Segment ${filter.segment}`);
  if (filter.language) parts.push(`Language ${filter.language}`);
  if (filter.consent) parts.push(`Consent ${filter.consent}`);
  if (filter.ownerMemberId) parts.push('One owner');
  if (filter.accountId) parts.push('One account');
  if (filter.q) parts.push(`Matching "${filter.q}"`);
  for (const [key, value] of Object.entries(filter.attributes ?? {})) {
    parts.push(`${definitions.find((d) => d.key === key)?.label ?? key} ${String(value)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'All contacts';
}

function WaveDetails({
  wave,
  canManage,
  onClose,
  onChanged,
}: {
  wave: WaveView;
  canManage: boolean;
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const units = useUnits();
  const definitions = useAttributeDefinitions();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => api.post<WaveView>(`/waves/${wave.id}/${action}`),
    onSuccess: (changed, action) => {
      setConfirmCancel(false);
      void queryClient.invalidateQueries({ queryKey: waveKeys.all });
      onChanged(`Wave ${changed.name} is ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'cancelled'}.`);
    },
  });
  const counts = (Object.keys(INVITATION_STATUS_LABELS) as (keyof typeof INVITATION_STATUS_LABELS)[]).filter((status) => wave.invitations[status] > 0);
  return (
    <Modal title={wave.name} onClose={onClose}>
      <div className="stack">
        <dl className="details">
          <dt>Survey</dt>
          <dd>{wave.surveyName}</dd>
          <dt>Kind</dt>
          <dd>{waveKindLabel(wave.kind, wave.everyDays)}</dd>
          <dt>Status</dt>
          <dd>
            <WaveStatusBadge wave={wave} />
          </dd>
          <dt>Contacts</dt>
          <dd>{filterSummary(wave.filter, units.data ?? [], definitions.data ?? [])}</dd>
          <dt>Starts</dt>
          <dd>{formatDateTime(wave.startsAt)}</dd>
          <dt>Next run</dt>
          <dd>{wave.nextRunAt ? formatDateTime(wave.nextRunAt) : 'None'}</dd>
          <dt>Last run</dt>
          <dd>{wave.lastRunAt ? formatDateTime(wave.lastRunAt) : 'Not yet'}</dd>
        </dl>
        <h3>Invitations</h3>
        {counts.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <dl className="stats">
            {counts.map((status) => (
              <div className="stat" key={status}>
                <dt>{INVITATION_STATUS_LABELS[status]}</dt>
                <dd>{formatNumber(wave.invitations[status])}</dd>
              </div>
            ))}
          </dl>
        )}
        <FormError error={act.error} fields={[]} />
        {canManage && wave.status !== 'cancelled' && (
          <div className="actions">
            {(wave.status === 'scheduled' || wave.status === 'running') && (
              <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate('pause')}>
                Pause
              </button>
            )}
            {wave.status === 'paused' && (
              <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate('resume')}>
                Resume
              </button>
            )}
            {!confirmCancel && (
              <button type="button" className="button button-danger-quiet" onClick={() => setConfirmCancel(true)}>
                Cancel wave
              </button>
            )}
          </div>
        )}
        {canManage && (
          <p className="muted small">Pausing stops new invitations being planned; those already scheduled still go out. Cancelling stops those too.</p>
        )}
        {confirmCancel && (
          <div className="stack">
            <p>Cancel {wave.name} for good? Its invitations that have not been sent yet are cancelled.</p>
            <div className="actions">
              <button type="button" className="button button-danger" disabled={act.isPending} onClick={() => act.mutate('cancel')}>
                {act.isPending ? 'Working…' : 'Yes, cancel the wave'}
              </button>
              <button type="button" className="button" onClick={() => setConfirmCancel(false)}>
                Keep it
              </button>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}
