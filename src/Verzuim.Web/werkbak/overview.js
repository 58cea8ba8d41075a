// The overview for chairs and LPAs: open cases per step (filters: model, school, step, overdue, days at home), the
// cases at the actietafel and the thuiszitters against the 3-month target and the 6-month legal term.
import { api } from '../shared/api.js';
import { el, formatDay, announce, table, overdueBadge, deadline } from './dom.js';
import { statusLabels, modelShort } from './labels.js';
import { barFigure, weekFigure } from './charts.js';

export async function renderOverview(main, { query, navigate }) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Zaken filteren' });
  const result = el('div', { id: 'overzicht-resultaat' });
  main.replaceChildren(el('h1', {}, 'Overzicht'), form, result);
  let first = true;
  let charts = [];
  let latest = 0;

  async function load() {
    const params = new URLSearchParams([ ...query ].filter(([ , v ]) => v !== ''));
    // the charts follow model and school only, as the actietafel and thuiszitter lists do
    const chartParams = new URLSearchParams([ ...params ].filter(([ k ]) => k === 'model' || k === 'school'));
    const request = ++latest;
    const [ data, figures ] = await Promise.all([ api(`/api/overview?${params}`), api(`/api/overview/grafieken?${chartParams}`) ]);
    if (request !== latest) return; // a newer filter or live update answered first
    if (first) { renderFilters(data.keuzes); first = false; }
    renderResult(data, figures);
  }

  function renderFilters(keuzes) {
    const select = (name, label, options) => el('div', { class: 'field' }, el('label', { for: `filter-${name}` }, label),
      el('select', { id: `filter-${name}`, name }, el('option', { value: '' }, 'alle'),
        options.map(([ value, text ]) => el('option', { value, selected: query.get(name) === value }, text))));
    form.replaceChildren(
      select('model', 'Model', keuzes.modellen.map(m => [ m.id, modelShort(m.naam, m.id) ])),
      select('school', 'School', keuzes.scholen.map(s => [ s.id, s.naam || s.id ])),
      select('stap', 'Stap', keuzes.stappen.map(s => [ s, s ])),
      select('achterstallig', 'Termijn', [ [ 'true', 'alleen verstreken' ], [ 'false', 'niet verstreken' ] ]),
      el('div', { class: 'field' }, el('label', { for: 'filter-minDagenThuis' }, 'Minimaal dagen thuis'),
        el('input', { id: 'filter-minDagenThuis', name: 'minDagenThuis', type: 'number', min: '0', step: '1', inputmode: 'numeric', value: query.get('minDagenThuis') || '' })),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Filteren'),
        el('button', { type: 'button', onclick: () => navigate('/overzicht') }, 'Alles tonen')));
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    const params = new URLSearchParams([ ...new FormData(form) ].filter(([ , v ]) => v !== ''));
    history.replaceState({}, '', `/overzicht${params.size ? `?${params}` : ''}`);
    query = params;
    load().then(() => announce('Het overzicht is bijgewerkt.')).catch(error => announce(error.message, 'fout'));
  });

  function renderResult(data, figures) {
    const overdue = data.zaken.filter(z => z.achterstallig).length;
    charts.forEach(c => c.destroy());
    charts = chartFigures(data, figures, query.get('model'));
    result.replaceChildren(
      el('p', { class: 'lead', id: 'overzicht-samenvatting' }, `${data.zaken.length} open ${data.zaken.length === 1 ? 'zaak' : 'zaken'}${overdue ? `, waarvan ${overdue} met verstreken termijn` : ''}; peildatum ${formatDay(data.peildatum)}.`),
      el('section', { 'aria-labelledby': 'grafieken-kop', class: 'charts' }, el('h2', { id: 'grafieken-kop' }, 'In beeld'),
        el('div', { class: 'chart-grid' }, charts.map(c => c.figure))),
      el('section', { 'aria-labelledby': 'stappen-kop' }, el('h2', { id: 'stappen-kop' }, 'Zaken per stap'),
        table({
          caption: 'Aantal open zaken per model en stap', empty: 'Geen open zaken met deze filters.',
          columns: [
            { label: 'Model', value: s => modelShort(s.modelNaam, s.model), rowHeader: true },
            { label: 'Stap', value: s => s.stap || 'geen stap aangegeven' },
            { label: 'Zaken', value: s => String(s.aantal), className: 'number' },
            { label: 'Termijn verstreken', value: s => String(s.achterstallig), className: 'number' },
          ],
          rows: data.stappen,
        })),
      el('section', { 'aria-labelledby': 'actietafel-kop' }, el('h2', { id: 'actietafel-kop' }, 'Aan de actietafel'),
        casesTable(data.actietafel, 'Zaken aan de actietafel', 'Er ligt geen zaak aan de actietafel.', 'actietafel')),
      el('section', { 'aria-labelledby': 'thuiszitters-kop' }, el('h2', { id: 'thuiszitters-kop' }, 'Thuiszitters tegen de termijnen'),
        el('p', { class: 'muted' }, 'Streven: binnen 3 maanden geplaatst; wettelijke termijn: 6 maanden. Thuiszitter: 4 weken of langer aaneengesloten afwezig zonder vrijstelling.'),
        table({
          caption: 'Thuiszitters, langst thuis eerst', empty: 'Er zijn geen thuiszitters.',
          columns: [
            { label: 'Leerling', value: t => t.caseId ? el('a', { href: `/zaken/${t.caseId}` }, t.leerlingId) : t.leerlingId, rowHeader: true },
            { label: 'School', value: t => t.schoolNaam || t.schoolId },
            { label: 'Thuis sinds', value: t => formatDay(t.thuisSinds) },
            { label: 'Dagen thuis', value: t => String(t.dagenThuis), className: 'number' },
            { label: 'Streefdatum (3 mnd)', value: t => formatDay(t.streefdatum) },
            { label: 'Wettelijke termijn (6 mnd)', value: t => formatDay(t.wettelijkeTermijn) },
            { label: 'Stand', value: t => el('span', { class: `termijn termijn-${t.termijn.split(' ')[0]}` }, t.termijn) },
          ],
          rows: data.thuiszitters,
          rowAttributes: t => ({ 'data-leerling': t.leerlingId }),
        })),
      el('section', { 'aria-labelledby': 'zaken-kop' }, el('h2', { id: 'zaken-kop' }, 'Alle open zaken'),
        casesTable(data.zaken, 'Open zaken met deze filters, oudste eerst', 'Geen open zaken met deze filters.', 'zaken')));
  }

  await load();
  return { refresh: () => load().catch(error => announce(error.message, 'fout')), destroy: () => charts.forEach(c => c.destroy()) };
}

function chartFigures(data, figures, model) {
  const per = model ? 'per stap' : 'per model';
  return [
    weekFigure({
      id: 'grafiek-open', title: `Open zaken ${per}, laatste ${figures.openPerWeek.weken.length} weken`, chart: figures.openPerWeek,
      description: 'Het aantal open zaken aan het eind van elke week (deze week: nu).', empty: 'Geen open zaken in deze weken.',
    }),
    weekFigure({
      id: 'grafiek-kantelpunten', title: `Kantelpunten ${per}, komende ${figures.kantelpunten.weken.length} weken`, chart: figures.kantelpunten,
      description: 'Wanneer open zaken hun kantelpunt bereiken (een verstreken kantelpunt telt in deze week).', empty: 'Geen kantelpunten in de komende weken.',
    }),
    barFigure({
      id: 'grafiek-thuiszitters', title: 'Thuiszitters per duur thuis', categoryHeader: 'Thuis',
      description: 'Hoe lang thuiszitters thuis zijn: streven binnen 3 maanden geplaatst, wettelijk binnen 6 maanden.',
      categories: data.duren, series: [ { naam: 'Thuiszitters', waarden: data.duren.map(d => data.thuiszitters.filter(t => t.duur === d).length) } ],
      empty: 'Er zijn geen thuiszitters.',
    }),
  ];
}

function casesTable(rows, caption, empty, id) {
  return table({
    caption, empty, className: `data cases cases-${id}`,
    columns: [
      { label: 'Leerling', value: z => el('a', { href: `/zaken/${z.id}` }, z.leerlingId || z.id), rowHeader: true },
      { label: 'School', value: z => z.schoolNaam || z.schoolId },
      { label: 'Model', value: z => modelShort(z.modelNaam, z.model) },
      { label: 'Stap', value: z => z.stap || '–' },
      { label: 'Regie', value: z => z.regie || '–' },
      { label: 'Volgende deadline', value: z => z.volgendeDeadline ? [ deadline(z.volgendeDeadline, z.schooldagenOver, z.voorlopig), z.achterstallig ? [ ' ', overdueBadge() ] : null ] : '–' },
      { label: 'Dagen thuis', value: z => String(z.dagenThuis), className: 'number' },
      { label: 'Status', value: z => statusLabels[z.status] || z.status },
    ],
    rows,
    rowAttributes: z => ({ 'data-case-id': z.id }),
  });
}
