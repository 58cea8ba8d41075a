// Verzuim Studio: the process owner's model list and editor, served by Verzuim.Host at /studio/ (procesEigenaar only).
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './studio.css';
import { api } from '../shared/api.js';
import { el, announce } from './dom.js';
import { renderModelList } from './model-list.js';
import { renderEditor } from './editor.js';
import { renderMigration } from './migration.js';

const main = document.getElementById('main');
let current = null;   // the open editor, so leaving it can destroy its modeler
let pendingImport = null;
let migration = null;  // the open migration panel, so leaving it stops its polling

/** The first process id in a BPMN file: the model it belongs to. */
function processIdOf(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.querySelector('parsererror')) throw new Error('Het bestand is geen geldige XML.');
  const process = doc.getElementsByTagNameNS('http://www.omg.org/spec/BPMN/20100524/MODEL', 'process')[0];
  if (!process?.getAttribute('id')) throw new Error('Het bestand bevat geen BPMN-proces met een id.');
  return process.getAttribute('id');
}

function navigate(path) {
  history.pushState({}, '', path);
  route();
}

function importFile(file) {
  try {
    const processId = processIdOf(file.text);
    pendingImport = file;
    navigate(`/studio/model/${encodeURIComponent(processId)}?import=1`);
  } catch (error) {
    announce(`${file.name}: ${error.message}`, 'fout');
  }
}

async function route() {
  if (current) { current.modeler.destroy(); current = null; window.onbeforeunload = null; }
  if (migration) { migration.leave(); migration = null; }
  const url = new URL(location.href);
  const match = /^\/studio\/model\/([^/]+)\/?$/.exec(url.pathname);
  const migrate = /^\/studio\/model\/([^/]+)\/migreren\/?$/.exec(url.pathname);
  try {
    if (migrate) {
      document.title = `Zaken migreren: ${decodeURIComponent(migrate[1])} – Verzuim Studio`;
      migration = await renderMigration(main, { processId: decodeURIComponent(migrate[1]), sourceId: url.searchParams.get('van'), navigate });
      return;
    } else if (match) {
      const imported = url.searchParams.get('import') && pendingImport;
      pendingImport = null;
      const versie = url.searchParams.get('versie');
      document.title = `${decodeURIComponent(match[1])} – Verzuim Studio`;
      current = await renderEditor(main, { processId: decodeURIComponent(match[1]), versie, imported, navigate });
    } else {
      document.title = 'Modellen – Verzuim Studio';
      await renderModelList(main, { navigate, importFile });
    }
    main.focus({ preventScroll: true });
  } catch (error) {
    main.replaceChildren(el('h1', {}, 'Er ging iets mis'), el('p', { class: 'error', role: 'alert' }, error.message),
      el('p', {}, el('a', { href: '/studio/' }, 'Terug naar de modellen')));
  }
}

document.querySelector('.brand').addEventListener('click', event => {
  event.preventDefault();
  if (current) current.leave('/studio/'); else navigate('/studio/');
});
window.addEventListener('popstate', route);

api('/api/me').then(me => {
  document.getElementById('user').textContent = `Ingelogd als ${me.naam}`;
}).catch(() => {});
route();
