// The server's rendering of a chart with the view's own filters, as plain links the session's
// cookie authorises: SVG for documents that scale it, PNG for slides and chat messages.
import { apiHref, type Query } from '../../api.ts';

export function ChartDownloads({ chart, query, label }: { chart: 'trend' | 'distribution'; query: Query; label: string }) {
  return (
    <nav aria-label={label} className="downloads">
      <span className="muted">Chart:</span>
      <a href={apiHref(`/analytics/charts/${chart}.svg`, query)} download>
        Download SVG
      </a>
      <a href={apiHref(`/analytics/charts/${chart}.png`, query)} download>
        Download PNG
      </a>
    </nav>
  );
}
