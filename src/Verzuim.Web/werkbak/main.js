// Verzuim werkbak: task inbox, case list and search, case view, overview and thuiszitter register, served by Verzuim.Host at /, /taken,
// /zaken, /zaken/{id}, /overzicht and /register for signed-in staff; /kalender, /storingen, /foutberichten and /audit for the beheerder.
// One page at a time; live events refresh it in place.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './werkbak.css';
import { api } from '../shared/api.js';
import { el, announce, debounce, errorText } from './dom.js';
import { roleLabel } from './labels.js';
import { connectLive } from './live.js';
import { renderInbox } from './inbox.js';
import { renderCase } from './case-view.js';
import { renderCases } from './cases.js';
import { renderOverview } from './overview.js';
import { renderRegister } from './register.js';
import { renderCalendar } from './calendar.js';
import { renderIncidents } from './incidents.js';
import { renderAudit } from './audit.js';
import { renderErrorQueue } from './error-queue.js';

const CASE_ROLES = [ 'kernteamlid', 'voorzitterActietafel', 'leerplichtambtenaar', 'jeugdarts' ];
const OVERSEERS = [ 'voorzitterActietafel', 'leerplichtambtenaar' ];
const ADMINS = [ 'beheerder' ];

const main = document.getElementById('main');
let me = null;
let current = null; // the page on screen: { refresh(event), destroy() }

const has = roles => roles.some(r => me.rollen.includes(r));

const routes = [
  { pattern: /^\/(taken\/?)?$/, title: 'Taken', render: renderInbox, may: () => has(CASE_ROLES) },
  { pattern: /^\/zaken\/?$/, title: 'Zaken', render: renderCases, may: () => has(CASE_ROLES) },
  { pattern: /^\/zaken\/([0-9a-fA-F-]{36})\/?$/, title: 'Zaak', render: renderCase, may: () => has(CASE_ROLES) },
  { pattern: /^\/overzicht\/?$/, title: 'Overzicht', render: renderOverview, may: () => has(OVERSEERS) },
  { pattern: /^\/register\/?$/, title: 'Thuiszittersregister', render: renderRegister, may: () => has(OVERSEERS) },
  { pattern: /^\/kalender\/?$/, title: 'Schoolkalenders', render: renderCalendar, may: () => has(ADMINS) },
  { pattern: /^\/storingen\/?$/, title: 'Storingen', render: renderIncidents, may: () => has(ADMINS) },
  { pattern: /^\/audit\/?$/, title: 'Auditlog', render: renderAudit, may: () => has(ADMINS) },
  { pattern: /^\/foutberichten\/?$/, title: 'Foutberichten', render: renderErrorQueue, may: () => has(ADMINS) },
];

export function navigate(path) {
  history.pushState({}, '', path);
  route();
}

function renderNav() {
  const links = [
    has(CASE_ROLES) && [ '/taken', 'Taken' ],
    has(CASE_ROLES) && [ '/zaken', 'Zaken' ],
    has(OVERSEERS) && [ '/overzicht', 'Overzicht' ],
    has(OVERSEERS) && [ '/register', 'Thuiszittersregister' ],
    has(ADMINS) && [ '/kalender', 'Schoolkalenders' ],
    has(ADMINS) && [ '/storingen', 'Storingen' ],
    has(ADMINS) && [ '/foutberichten', 'Foutberichten' ],
    has(ADMINS) && [ '/audit', 'Auditlog' ],
    me.rollen.includes('procesEigenaar') && [ '/studio/', 'Studio' ],
  ].filter(Boolean);
  const path = location.pathname === '/' ? '/taken' : location.pathname;
  document.getElementById('nav').replaceChildren(el('ul', {}, links.map(([ href, text ]) =>
    el('li', {}, el('a', { href, 'aria-current': path.startsWith(href) ? 'page' : null }, text)))));
}

async function route() {
  current?.destroy?.();
  current = null;
  renderNav();
  const match = routes.map(r => ({ r, m: r.pattern.exec(location.pathname) })).find(x => x.m);
  if (!match) {
    show('Pagina niet gevonden', el('p', {}, 'Deze pagina bestaat niet. ', el('a', { href: '/taken' }, 'Naar mijn taken')));
    return;
  }
  if (!match.r.may()) {
    show('Geen toegang', el('p', {}, 'Uw rol geeft geen toegang tot deze pagina.'));
    return;
  }
  document.title = `${match.r.title} – Verzuim werkbak`;
  try {
    current = await match.r.render(main, { me, navigate, params: match.m.slice(1), query: new URLSearchParams(location.search) });
  } catch (error) {
    if (error.status === 401) return; // api() is on its way to the login page
    show(error.status === 404 ? 'Niet gevonden' : 'Er ging iets mis',
      el('p', { class: 'error', role: 'alert' }, errorText(error)), el('p', {}, el('a', { href: '/taken' }, 'Naar mijn taken')));
  }
  // the new page takes focus for screen readers, unless the user already works inside it: a page shows its form
  // before its data arrives, and typing there (or the focus the page set itself) must not be taken away
  if (!main.contains(document.activeElement) || document.activeElement === main) main.focus({ preventScroll: true });
}

function show(title, ...content) {
  document.title = `${title} – Verzuim werkbak`;
  main.replaceChildren(el('h1', {}, title), ...content);
  main.focus({ preventScroll: true });
}

// links inside the werkbak change the page without a reload; others (studio, logout, CSV) are ordinary
document.addEventListener('click', event => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !routes.some(r => r.pattern.test(url.pathname))) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', route);

async function start() {
  try {
    me = await api('/api/me');
  } catch (error) {
    if (error.status !== 401) show('Er ging iets mis', el('p', { class: 'error', role: 'alert' }, errorText(error)));
    return;
  }
  const scholen = me.scholen.map(s => s.naam || s.id).join(', ');
  // replaceChildren writes a null as the text "null" (a beheerder has no schools)
  document.getElementById('user').replaceChildren(...[
    el('span', {}, `${me.naam} (${me.rollen.map(roleLabel).join(', ')})`),
    scholen ? el('span', { class: 'topbar-schools' }, scholen) : null ].filter(Boolean));
  if (has(CASE_ROLES)) {
    const indicator = el('span', { class: 'live-indicator', id: 'live', 'data-live': 'nee' }, 'Verbinden…');
    document.querySelector('.topbar').insertBefore(indicator, document.getElementById('user'));
    // events come in bursts (task completed, next task created, step changed): refresh once per burst
    const pending = [];
    const refresh = debounce(() => current?.refresh?.(pending.splice(0)), 250);
    connectLive(event => { pending.push(event); refresh(); }, indicator);
  }
  if (!has(CASE_ROLES) && has(ADMINS) && location.pathname === '/') {
    navigate('/kalender');
    return;
  }
  if (!has(CASE_ROLES) && location.pathname === '/') {
    show('Werkbak', el('p', {}, 'De werkbak is voor kernteamleden, voorzitters van de actietafel, leerplichtambtenaren en jeugdartsen.'),
      me.rollen.includes('procesEigenaar') ? el('p', {}, el('a', { href: '/studio/' }, 'Naar de studio')) : null);
    renderNav();
    return;
  }
  await route();
}

window.addEventListener('unhandledrejection', event => announce(event.reason instanceof Error ? errorText(event.reason) : String(event.reason), 'fout'));
start();
