import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App.tsx';
import { ApiError } from './api.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { ME_KEY } from './session.tsx';
import './styles.css';

/** A request refused for lack of a session: ask the server who we are (it may have expired). */
function onError(error: Error) {
  if (error instanceof ApiError && error.code === 'unauthenticated') void queryClient.invalidateQueries({ queryKey: ME_KEY });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    // Client errors (403, 404, 409…) will not change on retry; network and server errors may.
    queries: { retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500) },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
