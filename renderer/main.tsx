import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ApiContext } from './api/api-context';
import { connectApi } from './api/client';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const api = connectApi();

root.render(
  <StrictMode>
    {'error' in api ? (
      <main className="fatal" role="alert">
        {api.error}
      </main>
    ) : (
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>
    )}
  </StrictMode>,
);
