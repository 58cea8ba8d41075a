// The thuiszitter register: counts per school, model and duration on the inspectorate's reference dates
// (15 March, 15 June, 15 September, 15 December), downloadable as an anonymised CSV (counts only, no pupil ids).
import { api } from '../shared/api.js';
import { el, formatDay, announce, table } from './dom.js';
import { modelShort } from './labels.js';

export async function renderRegister(main, { query }) {
  const form = el('form', { class: 'filters', 'aria-label': 'Peildatum kiezen' });
  const result = el('div', { id: 'register-resultaat' });
  main.replaceChildren(el('h1', {}, 'Thuiszittersregister'),
    el('p', {}, 'Thuiszitters zijn ingeschreven leerlingen die op de peildatum 4 weken of langer aaneengesloten afwezig zijn, zonder vrijstelling. ',
      'De inspectie vraagt de aantallen op 15 maart, 15 juni, 15 september en 15 december.'),
    form, result);
  let peildatum = query.get('peildatum') || '';

  async function load() {
    const data = await api(`/api/register${peildatum ? `?peildatum=${encodeURIComponent(peildatum)}` : ''}`);
    peildatum = data.peildatum;
    renderForm(data);
    renderResult(data);
  }

  function renderForm(data) {
    const dates = data.peildata.map(p => p.datum);
    const choice = el('select', { id: 'peildatum-keuze', name: 'peildatum' },
      data.peildata.map(p => el('option', { value: p.datum, selected: p.datum === data.peildatum }, `${formatDay(p.datum)} (${p.aantal})`)),
      dates.includes(data.peildatum) ? null : el('option', { value: data.peildatum, selected: true }, formatDay(data.peildatum)));
    const other = el('input', { id: 'peildatum-anders', type: 'date', name: 'anders', value: dates.includes(data.peildatum) ? '' : data.peildatum });
    form.replaceChildren(
      el('div', { class: 'field' }, el('label', { for: 'peildatum-keuze' }, 'Peildatum van de inspectie'), choice),
      el('div', { class: 'field' }, el('label', { for: 'peildatum-anders' }, 'Of een andere datum'), other),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Tonen'),
        el('a', { class: 'button', id: 'csv-download', href: `/api/register.csv?peildatum=${data.peildatum}`, download: `thuiszitters-${data.peildatum}.csv` },
          'Download als CSV (geanonimiseerd)')));
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    const other = form.querySelector('#peildatum-anders').value;
    peildatum = other || form.querySelector('#peildatum-keuze').value;
    history.replaceState({}, '', `/register?peildatum=${peildatum}`);
    load().then(() => announce(`Register op ${formatDay(peildatum)} getoond.`)).catch(error => announce(error.message, 'fout'));
  });

  function renderResult(data) {
    const rows = data.rijen;
    const bySchool = Object.values(rows.reduce((acc, r) => {
      const key = `${r.schoolId}|${r.model}`;
      acc[key] ||= { schoolId: r.schoolId, schoolNaam: r.schoolNaam, model: r.model, modelNaam: r.modelNaam, counts: {} };
      acc[key].counts[r.duur] = r.aantal;
      return acc;
    }, {}));
    result.replaceChildren(
      el('p', { class: 'lead', id: 'register-totaal' }, `Op ${formatDay(data.peildatum)}: ${data.totaal} ${data.totaal === 1 ? 'thuiszitter' : 'thuiszitters'}.`),
      table({
        caption: `Thuiszitters per school en model op ${formatDay(data.peildatum)}, naar duur`,
        empty: 'Geen scholen.',
        className: 'data register',
        columns: [
          { label: 'School', value: r => r.schoolNaam || r.schoolId, rowHeader: true },
          { label: 'Model', value: r => modelShort(r.modelNaam, r.model) },
          ...data.duren.map(d => ({ label: d, value: r => String(r.counts[d] ?? 0), className: 'number' })),
          { label: 'Totaal', value: r => String(Object.values(r.counts).reduce((a, b) => a + b, 0)), className: 'number' },
        ],
        rows: bySchool,
        rowAttributes: r => ({ 'data-school': r.schoolId, 'data-model': r.model }),
      }),
      el('h2', {}, 'Recente peildata'),
      table({
        caption: 'Aantal thuiszitters op de laatste vier peildata',
        columns: [
          { label: 'Peildatum', value: p => formatDay(p.datum), rowHeader: true },
          { label: 'Thuiszitters', value: p => String(p.aantal), className: 'number' },
        ],
        rows: data.peildata,
      }));
  }

  await load();
  return { refresh: () => load().catch(error => announce(error.message, 'fout')), destroy() {} };
}
