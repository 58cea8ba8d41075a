// Calendar management for the beheerder: what is only estimated (warnings), each school's calendar and its own days
// (study days, free days, public holidays it teaches on), and uploading new holiday data in the government's
// open-data format. Every change moves the deadlines already waiting on it; the page says how many moved.
import { api } from '../shared/api.js';
import { el, formatDay, formatDateTime, announce, table } from './dom.js';

const KINDS = { Studiedag: 'studiedag', VrijeDag: 'vrije dag', Lesdag: 'lesdag op een feestdag' };

export async function renderCalendar(main) {
  const warnings = el('div', { id: 'kalender-waarschuwingen' });
  const schools = el('div', { id: 'kalender-scholen' });
  const dayForm = el('form', { class: 'filters', id: 'dag-formulier', 'aria-labelledby': 'dag-kop' });
  const uploadForm = el('form', { class: 'filters', id: 'upload-formulier', 'aria-labelledby': 'upload-kop' });
  const formError = el('p', { class: 'form-errors', id: 'kalender-fout', role: 'alert', tabindex: '-1' });
  main.replaceChildren(el('h1', {}, 'Schoolkalenders'),
    el('p', {}, 'Termijnen in schoolweken tellen in de kalender van de school: vakanties van de regio, feestdagen, studiedagen en vrije dagen. ',
      'Een wijziging verschuift de termijnen van lopende zaken meteen; de tijdlijn van de zaak toont de oude en de nieuwe datum.'),
    el('section', { 'aria-labelledby': 'waarschuwingen-kop' }, el('h2', { id: 'waarschuwingen-kop' }, 'Waarschuwingen'), warnings),
    el('section', { 'aria-labelledby': 'dag-kop' }, el('h2', { id: 'dag-kop' }, 'Dag toevoegen'), formError, dayForm),
    el('section', { 'aria-labelledby': 'scholen-kop' }, el('h2', { id: 'scholen-kop' }, 'Kalender per school'), schools),
    el('section', { 'aria-labelledby': 'upload-kop' }, el('h2', { id: 'upload-kop' }, 'Vakantiedata vervangen'), uploadForm));

  let data = await api('/api/kalender');

  dayForm.append(
    el('div', { class: 'field' }, el('label', { for: 'dag-school' }, 'School'),
      el('select', { id: 'dag-school', name: 'school', required: true }, data.scholen.map(s => el('option', { value: s.schoolId }, s.naam || s.schoolId)))),
    el('div', { class: 'field' }, el('label', { for: 'dag-datum' }, 'Datum'), el('input', { id: 'dag-datum', name: 'datum', type: 'date', required: true })),
    el('div', { class: 'field' }, el('label', { for: 'dag-soort' }, 'Soort'),
      el('select', { id: 'dag-soort', name: 'soort' }, Object.entries(KINDS).map(([ value, label ]) => el('option', { value }, label)))),
    el('div', { class: 'field' }, el('label', { for: 'dag-omschrijving' }, 'Omschrijving (optioneel)'), el('input', { id: 'dag-omschrijving', name: 'omschrijving', maxlength: '200' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Dag toevoegen')));
  dayForm.addEventListener('submit', event => {
    event.preventDefault();
    const school = dayForm.querySelector('#dag-school').value;
    const body = { datum: dayForm.querySelector('#dag-datum').value, soort: dayForm.querySelector('#dag-soort').value, omschrijving: dayForm.querySelector('#dag-omschrijving').value };
    change(() => api(`/api/kalender/scholen/${encodeURIComponent(school)}/dagen`, { method: 'POST', json: body }),
      result => `${KINDS[body.soort]} ${formatDay(body.datum)} toegevoegd voor ${school}; ${moved(result.verplaatsteTermijnen)}.`);
  });

  uploadForm.append(
    el('p', {}, 'Een JSON-bestand in het open-dataformaat van rijksoverheid.nl (schoolvakanties). Het wordt gecontroleerd op formaat, regio\'s en overlap.'),
    el('div', { class: 'field' }, el('label', { for: 'vakantie-bestand' }, 'Bestand'), el('input', { id: 'vakantie-bestand', type: 'file', accept: 'application/json,.json', required: true })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Uploaden'),
      el('a', { class: 'button', href: '/api/kalender/vakanties', download: 'schoolvakanties.json' }, 'Huidige vakantiedata downloaden')));
  uploadForm.addEventListener('submit', async event => {
    event.preventDefault();
    const file = uploadForm.querySelector('#vakantie-bestand').files[0];
    if (!file) return;
    let json;
    try { json = JSON.parse(await file.text()); } catch { showError(`${file.name} is geen geldige JSON.`); return; }
    change(() => api('/api/kalender/vakanties', { method: 'PUT', json }), result => `Vakantiedata uit ${file.name} in gebruik; ${moved(result.verplaatsteTermijnen)}.`);
  });

  async function change(call, message) {
    formError.textContent = '';
    try {
      const result = await call();
      await reload();
      announce(message(result), 'ok');
    } catch (error) {
      showError(error.message);
    }
  }

  function showError(message) {
    formError.textContent = message;
    formError.focus();
  }

  async function reload() {
    data = await api('/api/kalender');
    render(await api('/api/kalender/waarschuwingen'));
  }

  function render(list) {
    warnings.replaceChildren(table({
      caption: 'Wat alleen geschat is', empty: `Geen waarschuwingen: elke school heeft vakantiedata tot minstens ${formatDay(data.vooruitNodig)}.`,
      columns: [
        { label: 'Waarschuwing', value: w => w.bericht, rowHeader: true },
        { label: 'School', value: w => w.schoolId },
        { label: 'Zaak', value: w => w.caseId ? el('a', { href: `/zaken/${w.caseId}` }, `termijn ${formatDateTime(w.termijn)}`) : '–' },
      ],
      rows: list,
    }));
    schools.replaceChildren(table({
      caption: 'Scholen, hun regio en hun eigen dagen',
      columns: [
        { label: 'School', value: s => s.naam || s.schoolId, rowHeader: true },
        { label: 'Regio', value: s => s.regio + (s.eigenVakanties ? ' (eigen vakanties)' : '') },
        { label: 'Vakantiedata tot', value: s => s.vakantiedataTot ? formatDay(s.vakantiedataTot) : 'geen' },
        { label: 'Eigen dagen', value: s => s.beheerdeDagen.length === 0 ? 'geen' : el('ul', { class: 'plain' }, s.beheerdeDagen.map(d => el('li', {},
          `${formatDay(d.datum)}: ${KINDS[d.soort] || d.soort}${d.omschrijving ? ` (${d.omschrijving})` : ''} `,
          el('button', { type: 'button', 'aria-label': `${KINDS[d.soort] || d.soort} ${formatDay(d.datum)} verwijderen voor ${s.schoolId}`,
            onclick: () => change(() => api(`/api/kalender/scholen/${encodeURIComponent(s.schoolId)}/dagen/${d.id}`, { method: 'DELETE' }),
              result => `${formatDay(d.datum)} verwijderd voor ${s.schoolId}; ${moved(result.verplaatsteTermijnen)}.`) }, 'Verwijderen')))) },
      ],
      rows: data.scholen,
      rowAttributes: s => ({ 'data-school': s.schoolId }),
    }));
  }

  render(await api('/api/kalender/waarschuwingen'));
  return { refresh: () => reload().catch(error => announce(error.message, 'fout')) };
}

const moved = n => n === 1 ? '1 termijn verschoven' : `${n} termijnen verschoven`;
