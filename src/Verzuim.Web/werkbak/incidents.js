// Storingen for the beheerder: tokens the engine could not move on (a failing condition or expression), with the
// element and the reason, and a retry once the cause is fixed, optionally after correcting case variables. A retry
// whose cause remains makes a new storing; the page says which of the two happened.
import { api } from '../shared/api.js';
import { el, time, announce, table, errorText } from './dom.js';

export async function renderIncidents(main, { me, query }) {
  const mayOpenCases = me.rollen.some(r => [ 'kernteamlid', 'voorzitterActietafel', 'leerplichtambtenaar', 'jeugdarts' ].includes(r));
  const showResolved = el('input', { id: 'storingen-opgelost', type: 'checkbox', checked: query.get('opgelost') === 'true' });
  const summary = el('p', { class: 'lead', id: 'storingen-samenvatting', tabindex: '-1' });
  const open = el('div', { id: 'storingen-open' });
  const resolved = el('section', { id: 'storingen-opgeloste', 'aria-labelledby': 'opgeloste-kop', hidden: true });
  const retry = el('section', { id: 'opnieuw', 'aria-labelledby': 'opnieuw-kop', hidden: true });
  main.replaceChildren(el('h1', {}, 'Storingen'),
    el('p', {}, 'Een storing is een zaak die niet verder kon: een voorwaarde of expressie in het model gaf een fout. ',
      'Herstel de oorzaak (bijvoorbeeld een ontbrekende of verkeerde waarde) en probeer het opnieuw; gaat het weer mis, dan ontstaat een nieuwe storing.'),
    el('div', { class: 'filters' }, el('div', { class: 'field check' }, showResolved, el('label', { for: 'storingen-opgelost' }, 'Ook opgeloste storingen tonen'))),
    summary, open, retry, resolved);

  const caseCell = i => {
    const text = `${i.model} v${i.versie}, zaak ${i.caseId.slice(0, 8)}`;
    return mayOpenCases ? el('a', { href: `/zaken/${i.caseId}` }, text) : el('span', { title: i.caseId }, text);
  };
  const columns = [
    { label: 'Zaak', value: caseCell, rowHeader: true },
    { label: 'School', value: i => i.schoolId || '–' },
    { label: 'Element', value: i => el('code', {}, i.elementId) },
    { label: 'Reden', value: i => el('span', { class: 'reason' }, i.reden) },
    { label: 'Sinds', value: i => time(i.op) },
  ];

  let incidents = [];

  async function load() {
    incidents = await api('/api/incidents');
    summary.textContent = incidents.length === 0 ? 'Geen open storingen.' : `${incidents.length} open ${incidents.length === 1 ? 'storing' : 'storingen'}, oudste eerst.`;
    open.replaceChildren(table({
      caption: 'Open storingen', rows: incidents, empty: 'Alle zaken lopen: er is niets om opnieuw te proberen.',
      columns: [ ...columns, { label: 'Actie', value: i => el('button', { type: 'button', 'aria-label': `Opnieuw proberen: ${i.elementId} in zaak ${i.caseId.slice(0, 8)}`, onclick: () => openRetry(i) }, 'Opnieuw proberen') } ],
      rowAttributes: i => ({ 'data-incident-id': i.id, 'data-case-id': i.caseId }),
    }));
    resolved.hidden = !showResolved.checked;
    if (showResolved.checked) {
      const done = await api('/api/incidents?opgelost=true');
      resolved.replaceChildren(el('h2', { id: 'opgeloste-kop' }, 'Opgeloste storingen'), table({
        caption: 'Opgeloste storingen, oudste eerst', rows: done, empty: 'Nog geen opgeloste storingen.',
        columns: [ ...columns, { label: 'Opgelost', value: i => time(i.opgelostOp) } ],
        rowAttributes: i => ({ 'data-incident-id': i.id, 'data-case-id': i.caseId }),
      }));
    }
  }

  function openRetry(incident) {
    const variables = el('textarea', { id: 'opnieuw-variabelen', rows: 5, spellcheck: 'false', 'aria-describedby': 'opnieuw-uitleg opnieuw-fout',
      placeholder: '{ "naam": "waarde" }' });
    const error = el('p', { class: 'form-errors', id: 'opnieuw-fout', role: 'alert', tabindex: '-1' });
    const form = el('form', { class: 'retry-form', 'aria-labelledby': 'opnieuw-kop' },
      el('div', { class: 'field' }, el('label', { for: 'opnieuw-variabelen' }, 'Gecorrigeerde variabelen (optioneel)'),
        el('p', { class: 'muted', id: 'opnieuw-uitleg' }, 'Een JSON-object; elke variabele wordt in de zaak gezet vóór het opnieuw proberen. ',
          'School, leerling, signalen, regie en medische gegevens zet alleen het proces zelf.'), variables),
      error,
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Opnieuw proberen'),
        el('button', { type: 'button', onclick: close }, 'Annuleren')));
    retry.replaceChildren(el('h2', { id: 'opnieuw-kop' }, `Opnieuw proberen: ${incident.elementId} in zaak ${incident.caseId.slice(0, 8)}`),
      el('p', { class: 'reason' }, incident.reden), form);
    retry.hidden = false;
    variables.focus();

    function close() {
      retry.hidden = true;
      retry.replaceChildren();
      main.querySelector(`[data-incident-id="${incident.id}"] button`)?.focus();
    }

    function fail(message) {
      error.textContent = message;
      variables.setAttribute('aria-invalid', 'true');
      error.focus();
    }

    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      variables.removeAttribute('aria-invalid');
      let body;
      const text = variables.value.trim();
      if (text) {
        let parsed;
        try { parsed = JSON.parse(text); } catch (e) { fail(`De variabelen zijn geen geldige JSON: ${e.message}`); return; }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) { fail('De variabelen moeten een JSON-object zijn, bijvoorbeeld { "akkoord": true }.'); return; }
        body = { variabelen: parsed };
      }
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        await api(`/api/incidents/${incident.id}/retry`, { method: 'POST', json: body ?? {} });
      } catch (e) {
        button.disabled = false;
        fail(errorText(e));
        return;
      }
      retry.hidden = true;
      retry.replaceChildren();
      await load();
      const again = incidents.find(i => i.caseId === incident.caseId);
      announce(again
        ? `Opnieuw geprobeerd, maar de zaak liep weer vast bij ${again.elementId}: een nieuwe storing staat in de lijst.`
        : `Opnieuw geprobeerd: de storing bij ${incident.elementId} is opgelost en de zaak loopt verder.`, again ? 'fout' : 'ok');
      summary.focus();
    });
  }

  showResolved.addEventListener('change', () => {
    const params = showResolved.checked ? '?opgelost=true' : '';
    history.replaceState({}, '', `/storingen${params}`);
    load().catch(e => announce(errorText(e), 'fout'));
  });

  await load();
  return { refresh: () => load().catch(e => announce(errorText(e), 'fout')), destroy() {} };
}
