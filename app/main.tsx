import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createAppStore, StoreContext } from './store/create-store';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const store = createAppStore();
// The end-to-end tests read the store's state to wait on the app, not on time.
(window as unknown as { __plainsight?: unknown }).__plainsight = store;

createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
