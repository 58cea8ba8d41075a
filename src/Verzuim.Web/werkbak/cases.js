// The case list for staff: every case of the caller's schools, open and closed, found by (part of) the pupil number
// and filtered by status, model, step, regie and expired term. Reached from the menu; also for cases with no open
// task for the caller, which the inbox does not show.
import { api } from '../shared/api.js';
import { el, formatDate, announce, table, overdueBadge, deadline, errorText } from './dom.js';
import { statusLabels, modelShort } from './labels.js';

const FILTERS = [ 'leerling', 'status', 'model', 'stap', 'regie', 'achterstallig' ];

export async function renderCases(main, { query }) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Zaken zoeken' });
  const result = el('div', { id: 'zaken-resultaat', 'aria-live': 'polite' });
  main.replaceChildren(el('h1', {}, 'Zaken'),
    el('p', { class: 'muted' }, 'Alle zaken van uw scholen, ook die zonder open taak voor u en de afgesloten zaken.'), form, result);

  // the choices come from the caller's own cases: only models, steps and regie values that occur there
  const keuzes = await api('/api/cases/keuzes');
  renderFilters(keuzes.modellen.map(m => [ m.id, modelShort(m.naam, m.id) ]), keuzes.stappen, keuzes.regie);

  function renderFilters(modelOptions, steps, regie) {
    const select = (name, label, options, any = 'alle') => el('div', { class: 'field' }, el('label', { for: `zaken-${name}` }, label),
      el('select', { id: `zaken-${name}`, name }, any === null ? null : el('option', { value: '' }, any),
        options.map(([ value, text ]) => el('option', { value, selected: (query.get(name) || '') === value }, text))));
    form.replaceChildren(
      el('div', { class: 'field' }, el('label', { for: 'zaken-leerling' }, 'Leerlingnummer (of een deel)'),
        el('input', { id: 'zaken-leerling', name: 'leerling', type: 'search', maxlength: 64, autocomplete: 'off', value: query.get('leerling') || '' })),
      select('status', 'Status', [ [ '', 'open' ], [ 'gesloten', 'afgesloten' ], [ 'alle', 'open en afgesloten' ] ], null),
      select('model', 'Model', modelOptions),
      select('stap', 'Stap', steps.map(s => [ s, s ])),
      select('regie', 'Regie', regie.map(r => [ r, r ])),
      select('achterstallig', 'Termijn', [ [ 'true', 'verstreken' ], [ 'false', 'niet verstreken' ] ]),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Zoeken')));
  }

  let latest = 0;
  async function load() {
    const params = new URLSearchParams(FILTERS.filter(name => query.get(name)).map(name => [ name, query.get(name) ]));
    const mine = ++latest; // an earlier, slower answer (the first load, a live refresh) must not overwrite this one
    try {
      const cases = await api(`/api/cases?${params}`);
      if (mine === latest) renderResult(cases);
      return cases;
    } catch (error) {
      if (mine !== latest) throw error;
      // never leave the previous answer standing under a question it does not answer
      result.replaceChildren(el('p', { class: 'error', role: 'alert', id: 'zaken-fout' }, errorText(error)));
      throw error;
    }
  }

  function renderResult(cases) {
    const term = query.get('leerling');
    const status = { gesloten: 'afgesloten', alle: '' }[query.get('status')] ?? 'open';
    result.replaceChildren(
      el('p', { class: 'lead', id: 'zaken-samenvatting' },
        `${cases.length} ${status ? `${status} ` : ''}${cases.length === 1 ? 'zaak' : 'zaken'}${term ? ` met leerlingnummer "${term}"` : ''}.`),
      table({
        caption: 'Zaken, oudste eerst', className: 'data cases', rows: cases,
        empty: term ? `Geen zaak met leerlingnummer "${term}" bij uw scholen en deze filters.` : 'Geen zaken met deze filters.',
        columns: [
          { label: 'Leerling', value: z => el('a', { href: `/zaken/${z.id}` }, z.leerlingId || z.id), rowHeader: true },
          { label: 'Model', value: z => modelShort(z.modelNaam, z.model) },
          { label: 'Stap', value: z => z.stap || '–' },
          { label: 'Status', value: z => statusLabels[z.status] || z.status },
          { label: 'Gestart', value: z => formatDate(z.gestartOp) },
          { label: 'Volgende termijn', value: z => z.volgendeDeadline ? [ deadline(z.volgendeDeadline), z.achterstallig ? [ ' ', overdueBadge() ] : null ] : '–' },
          { label: 'Regie', value: z => z.regie || '–' },
          { label: 'Open taken', value: z => String(z.openTaken), className: 'number' },
        ],
        rowAttributes: z => ({ 'data-case-id': z.id }),
      }));
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    const params = new URLSearchParams([ ...new FormData(form) ].filter(([ , v ]) => String(v).trim() !== '').map(([ k, v ]) => [ k, String(v).trim() ]));
    history.replaceState({}, '', `/zaken${params.size ? `?${params}` : ''}`);
    query = params;
    load().then(cases => announce(`${cases.length} ${cases.length === 1 ? 'zaak' : 'zaken'} gevonden.`)).catch(() => {});
  });

  await load().catch(() => {});
  // a live update refreshes the list only: the filters (and whatever is being typed there) stay as they are
  return { refresh: () => load().catch(() => {}), destroy() {} };
}
