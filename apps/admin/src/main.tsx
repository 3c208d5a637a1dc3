import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, SESSION_KEY } from './app.js';
import { httpStatusOf } from './lib/errors.js';
import './styles.css';
import './ops-console.css';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended on the server (expired, signed out elsewhere) shows the login again.
    onError: (error) => {
      if (httpStatusOf(error) === 401) queryClient.setQueryData(SESSION_KEY, null);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (failures, error) => {
        const status = httpStatusOf(error);
        return status === undefined ? failures < 3 : status >= 500 && failures < 2;
      },
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App queryClient={queryClient} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
