// The audit log for the beheerder: who read or changed which case or pupil, when, and with what result; filtered by
// case, user, pupil and period (in the address, for bookmarking), and exported as CSV with the same filters. The
// export is itself a line in the log.
import { api } from '../shared/api.js';
import { el, time, announce, table, errorText } from './dom.js';

const FILTERS = [ 'caseId', 'gebruiker', 'leerlingId', 'van', 'tot' ];
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export async function renderAudit(main, { query }) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Auditlog filteren', novalidate: true });
  const formError = el('p', { class: 'form-errors', id: 'audit-fout', role: 'alert', tabindex: '-1' });
  const result = el('div', { id: 'audit-resultaat' });
  const download = el('a', { class: 'button', id: 'audit-csv', download: 'auditlog.csv' }, 'CSV downloaden');
  main.replaceChildren(el('h1', {}, 'Auditlog'),
    el('p', { class: 'muted' }, 'Wie welke zaak of leerling las of wijzigde, wanneer en met welk resultaat; ook geweigerde pogingen. Nieuwste eerst, hoogstens 500 regels; de CSV bevat er tot 5000.'),
    form, formError, result);

  const field = (name, label, attributes = {}) => el('div', { class: 'field' }, el('label', { for: `audit-${name}` }, label),
    el('input', { id: `audit-${name}`, name, value: query.get(name) || '', autocomplete: 'off', ...attributes }));
  form.replaceChildren(
    field('caseId', 'Zaak-id', { maxlength: 36, size: 36, spellcheck: 'false' }),
    field('gebruiker', 'Gebruiker', { maxlength: 200 }),
    field('leerlingId', 'Leerlingnummer', { maxlength: 64 }),
    field('van', 'Van', { type: 'date' }),
    field('tot', 'Tot en met', { type: 'date' }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Filteren'), ' ', download));

  const params = () => new URLSearchParams(FILTERS.filter(name => query.get(name)).map(name => [ name, query.get(name) ]));

  async function load() {
    const p = params();
    download.setAttribute('href', `/api/audit.csv${p.size ? `?${p}` : ''}`);
    try {
      const rows = await api(`/api/audit${p.size ? `?${p}` : ''}`);
      render(rows);
      return rows;
    } catch (error) {
      // never leave the previous answer standing under a question it does not answer
      result.replaceChildren(el('p', { class: 'error', role: 'alert' }, errorText(error)));
      throw error;
    }
  }

  function render(rows) {
    result.replaceChildren(
      el('p', { class: 'lead', id: 'audit-samenvatting', tabindex: '-1' }, `${rows.length} ${rows.length === 1 ? 'regel' : 'regels'}${rows.length === 500 ? ' (de nieuwste 500; verfijn de filters of download de CSV)' : ''}.`),
      table({
        caption: 'Auditlog, nieuwste eerst', className: 'data audit', rows, empty: 'Geen regels met deze filters.',
        columns: [
          { label: 'Tijd', value: a => time(a.op), rowHeader: true },
          { label: 'Gebruiker', value: a => a.gebruiker },
          { label: 'Actie', value: a => a.actie },
          { label: 'Zaak', value: a => a.caseId ? el('code', { title: a.caseId }, a.caseId.slice(0, 8)) : '–' },
          { label: 'School', value: a => a.schoolId || '–' },
          { label: 'Leerling', value: a => a.leerlingId || '–' },
          { label: 'Resultaat', value: a => a.resultaat || '–' },
          { label: 'Detail', value: a => el('span', { class: 'reason' }, a.detail || '–') },
        ],
        rowAttributes: a => ({ 'data-gebruiker': a.gebruiker, 'data-case-id': a.caseId }),
      }));
  }

  // the browser's own checks say little and in its own words: say which filter is wrong, in Dutch, before asking the server
  function problem(values) {
    if (values.caseId && !GUID.test(values.caseId)) return [ 'caseId', `"${values.caseId}" is geen zaak-id (36 tekens, zoals 3f2c…-…).` ];
    if (values.van && values.tot && values.tot < values.van) return [ 'tot', '"Tot en met" ligt vóór "Van".' ];
    return null;
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    formError.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    const values = Object.fromEntries([ ...new FormData(form) ].map(([ k, v ]) => [ k, String(v).trim() ]).filter(([ , v ]) => v !== ''));
    const wrong = problem(values);
    if (wrong) {
      const input = form.querySelector(`#audit-${wrong[0]}`);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'audit-fout');
      formError.textContent = wrong[1];
      formError.focus();
      return;
    }
    query = new URLSearchParams(Object.entries(values));
    history.replaceState({}, '', `/audit${query.size ? `?${query}` : ''}`);
    load().then(rows => announce(`${rows.length} ${rows.length === 1 ? 'regel' : 'regels'} gevonden.`)).catch(e => { formError.textContent = errorText(e); formError.focus(); });
  });

  await load().catch(() => {});
  return { refresh: () => load().catch(() => {}), destroy() {} };
}
