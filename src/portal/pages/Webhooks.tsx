// Webhooks: endpoints (the secret shown once, at creation), the workspace's permission for
// private targets, and each endpoint's delivery log with a replay button.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type CreatedWebhookEndpointView,
  type IntegrationSettingsView,
  type Page,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '../../domain/views.ts';
import { api } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { DeleteDialog, ItemButton } from '../components/ItemActions.tsx';
import { Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';

const FIELDS = ['url', 'description', 'eventTypes'] as const;
const ENDPOINTS = ['webhook-endpoints'] as const;
const SETTINGS = ['integration-settings'] as const;

export function Webhooks() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ENDPOINTS, queryFn: async () => (await api.get<{ items: WebhookEndpointView[] }>('/webhook-endpoints')).items });
  const [created, setCreated] = useState<CreatedWebhookEndpointView | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpointView | null>(null);
  const [shown, setShown] = useState<WebhookEndpointView | null>(null);
  const [status, setStatus] = useState('');
  const create = useMutation({
    mutationFn: (body: { url: string; description: string | null; eventTypes: string[] }) => api.post<CreatedWebhookEndpointView>('/webhook-endpoints', body),
    onSuccess: (endpoint) => {
      void queryClient.invalidateQueries({ queryKey: ENDPOINTS });
      setCreated(endpoint);
    },
  });
  const toggle = useMutation({
    mutationFn: (endpoint: WebhookEndpointView) => api.patch<WebhookEndpointView>(`/webhook-endpoints/${endpoint.id}`, { enabled: !endpoint.enabled }),
    onSuccess: (endpoint) => {
      void queryClient.invalidateQueries({ queryKey: ENDPOINTS });
      setStatus(`${endpoint.url} is ${endpoint.enabled ? 'enabled' : 'disabled'}.`);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const description = String(form.get('description') ?? '').trim();
    create.mutate(
      { url: String(form.get('url') ?? '').trim(), description: description || null, eventTypes: form.getAll('eventTypes').map(String) },
      { onSuccess: () => formElement.reset() },
    );
  };

  return (
    <>
      <PageHeader
        title="Webhooks"
        intro="Anbefal POSTs events to your endpoints, signed per the Standard Webhooks specification. Failed deliveries are retried with growing pauses, up to 8 times."
      />
      <section className="card" aria-labelledby="add-endpoint-heading">
        <h2 id="add-endpoint-heading">Add an endpoint</h2>
        <form className="stack" onSubmit={submit} noValidate>
          <TextField
            label="URL"
            name="url"
            type="url"
            hint="http or https, such as https://crm.example.com/hooks/anbefal."
            autoComplete="off"
            required
            error={create.error}
          />
          <TextField label="Description" name="description" autoComplete="off" error={create.error} />
          <fieldset className="fieldset">
            <legend>Events</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label className="checkbox" key={type}>
                <input type="checkbox" name="eventTypes" value={type} /> {type}
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? 'Adding…' : 'Add endpoint'}
            </button>
          </div>
        </form>
        <FormError error={create.error} fields={FIELDS} />
      </section>
      <PrivateTargets />
      {status && <Status message={status} />}
      {list.isPending && <Loading what="webhook endpoints" />}
      {list.isError && <ErrorNotice error={list.error} />}
      {toggle.isError && <ErrorNotice error={toggle.error} />}
      {list.data && (
        <section className="card card-flush" aria-label="Endpoints">
          {list.data.length === 0 ? (
            <p className="empty">No webhook endpoints yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <th scope="row" data-label="URL">
                      <code>{endpoint.url}</code>
                      {endpoint.description && <div className="muted">{endpoint.description}</div>}
                    </th>
                    <td data-label="Events">{endpoint.eventTypes.join(', ')}</td>
                    <td data-label="Status">
                      {endpoint.enabled ? <span className="badge badge-success">Enabled</span> : <span className="badge">Disabled</span>}
                    </td>
                    <td className="cell-actions">
                      <button type="button" className="button button-small" onClick={() => setShown(endpoint)}>
                        Deliveries<span className="visually-hidden"> to {endpoint.url}</span>
                      </button>
                      <ItemButton
                        label={endpoint.enabled ? 'Disable' : 'Enable'}
                        item={endpoint.url}
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(endpoint)}
                      />
                      <ItemButton label="Delete" item={endpoint.url} danger onClick={() => setDeleting(endpoint)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {shown && <DeliveryLog endpoint={shown} />}
      {created && <NewSecret created={created} onClose={() => setCreated(null)} />}
      {deleting && (
        <DeleteEndpoint
          endpoint={deleting}
          onClose={() => setDeleting(null)}
          onDone={() => {
            if (shown?.id === deleting.id) setShown(null);
            setStatus(`${deleting.url} is deleted.`);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}

function PrivateTargets() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: SETTINGS, queryFn: () => api.get<IntegrationSettingsView>('/integration-settings') });
  // What the person chose, shown at once (a controlled box would otherwise flip back until the server answers).
  const [chosen, setChosen] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (allowed: boolean) => api.put<IntegrationSettingsView>('/integration-settings', { webhooksAllowPrivate: allowed }),
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS, saved),
    // A refusal puts back what the server holds.
    onError: () => setChosen(null),
  });
  if (!settings.data) return settings.isError ? <ErrorNotice error={settings.error} /> : null;
  return (
    <section className="card" aria-labelledby="private-targets-heading">
      <h2 id="private-targets-heading">Private networks</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={chosen ?? settings.data.webhooksAllowPrivate}
          onChange={(event) => {
            const allowed = event.currentTarget.checked;
            setChosen(allowed);
            save.mutate(allowed);
          }}
        />{' '}
        Allow endpoints on private, loopback and link-local addresses
      </label>
      <p className="muted">Off by default, so webhooks cannot reach the internal network of the server. Turn on only for endpoints in your own network.</p>
      {save.isError && <ErrorNotice error={save.error} />}
    </section>
  );
}

function DeliveryLog({ endpoint }: { endpoint: WebhookEndpointView }) {
  const queryClient = useQueryClient();
  const key = [...ENDPOINTS, endpoint.id, 'deliveries'];
  const deliveries = useQuery({
    queryKey: key,
    queryFn: () => api.get<Page<WebhookDeliveryView>>(`/webhook-endpoints/${endpoint.id}/deliveries`, { limit: 50 }),
  });
  const replay = useMutation({
    mutationFn: (delivery: WebhookDeliveryView) => api.post<WebhookDeliveryView>(`/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/replay`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <section className="card card-flush" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries to {endpoint.url}</h2>
      {deliveries.isPending && <Loading what="deliveries" />}
      {deliveries.isError && <ErrorNotice error={deliveries.error} />}
      {replay.isError && <ErrorNotice error={replay.error} />}
      {deliveries.data &&
        (deliveries.data.items.length === 0 ? (
          <p className="empty">No events sent to this endpoint yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row" data-label="Event">
                    {delivery.eventType}
                    <div className="muted mono">{delivery.webhookId}</div>
                  </th>
                  <td data-label="Status">
                    <span className={`badge${delivery.status === 'delivered' ? ' badge-success' : delivery.status === 'failed' ? ' badge-danger' : ''}`}>
                      {delivery.status === 'delivered' ? 'Delivered' : delivery.status === 'failed' ? 'Failed' : 'Pending'}
                    </span>
                  </td>
                  <td data-label="Attempts">{delivery.attempts}</td>
                  <td data-label="Last answer">{delivery.lastError ?? (delivery.lastResponseStatus ? `HTTP ${delivery.lastResponseStatus}` : '—')}</td>
                  <td data-label="Created">{formatDateTime(delivery.createdAt)}</td>
                  <td className="cell-actions">
                    <button type="button" className="button button-small" disabled={replay.isPending} onClick={() => replay.mutate(delivery)}>
                      Replay<span className="visually-hidden"> {delivery.webhookId}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

/** The secret is in the create answer only: show it once. */
function NewSecret({ created, onClose }: { created: CreatedWebhookEndpointView; onClose: () => void }) {
  return (
    <Modal title="The endpoint is added" onClose={onClose}>
      <div className="stack">
        <p className="notice notice-warning">
          Copy the signing secret now and give it to the receiving system: it verifies the webhook-signature header with it. It is shown only this once; if you
          lose it, delete the endpoint and add it again.
        </p>
        <TextField label="Signing secret" name="secret" value={created.secret} readOnly className="mono" onFocus={(event) => event.currentTarget.select()} />
        <div className="actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}

function DeleteEndpoint({ endpoint, onClose, onDone }: { endpoint: WebhookEndpointView; onClose: () => void; onDone: () => void }) {
  return (
    <DeleteDialog name={endpoint.url} noun="endpoint" path={`/webhook-endpoints/${endpoint.id}`} refresh={[ENDPOINTS]} onClose={onClose} onDeleted={onDone}>
      <p>No more events are sent to it, and its delivery log is deleted.</p>
    </DeleteDialog>
  );
}
