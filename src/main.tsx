import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { chooseModelSet } from './state/model-set-choice';
import { useSettings } from './state/settings';
import { registerSW } from 'virtual:pwa-register';
import './styles.css';

// The set comes from the URL before the first render, so the settings panel starts with its defaults.
const choice = chooseModelSet(location.search);
useSettings.getState().selectSet(choice.set);
window.__lumen = { progress: [] };
// The service worker precaches the app shell and ORT's wasm, so the page loads offline; models are in OPFS.
registerSW({ immediate: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App setWarning={choice.warning} />
  </StrictMode>,
);
