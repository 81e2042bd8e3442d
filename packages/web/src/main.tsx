import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './i18n';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './app/providers';
import { router } from './app/router';
import { ErrorBoundary } from './ui/ErrorBoundary';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');

createRoot(container).render(
  <StrictMode>
    <AppProviders>
      {/* Last resort: an error outside any route (e.g. in the router itself) still shows a message, not a blank page. */}
      <ErrorBoundary>
        <RouterProvider router={router} />
      </ErrorBoundary>
    </AppProviders>
  </StrictMode>,
);
