// Foutberichten for the beheerder: messages from other systems that the inbound queue could not process, with the
// reason and the message itself without its free text. Offer one again (optionally with corrected fields: the same
// berichtId, so a message Verzuim already applied is not applied twice) or discard it with a reason. Filters are in
// the address, as on the audit log.
import { api } from '../shared/api.js';
import { el, time, announce, table, errorText, formatDateTime } from './dom.js';
import { messageLabels } from './labels.js';

const FILTERS = [ 'type', 'schoolId', 'status', 'van', 'tot' ];
const INBOUND = [ 'AbsentieGeregistreerd', 'SchoolgangHersteld', 'GesprekGehouden', 'JeugdartsAdvies', 'ToestemmingOuders', 'DuoMeldingGedaan', 'PlaatsingGerealiseerd' ];
const STATUS = { open: 'Open', 'opnieuw-aangeboden': 'Opnieuw aangeboden', verwijderd: 'Verwijderd' };
const OUTCOME = {
  Correlated: 'afgeleverd bij een lopende zaak',
  Started: 'er is een zaak geopend',
  Buffered: 'bewaard tot een zaak erop wacht',
  Unmatched: 'geen zaak wachtte erop',
  Duplicate: 'al eerder verwerkt',
};
const CASE_STATUS = { Running: 'loopt', Incident: 'storing', Completed: 'gesloten', Terminated: 'beëindigd' };

const typeText = type => type ? `${type}${messageLabels[type] ? ` (${messageLabels[type]})` : ''}` : 'onbekend type';
const short = id => id ? id.slice(0, 8) : '–';

export async function renderErrorQueue(main, { query }) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Foutberichten filteren', novalidate: true });
  const formError = el('p', { class: 'form-errors', id: 'foutberichten-fout', role: 'alert', tabindex: '-1' });
  const summary = el('p', { class: 'lead', id: 'foutberichten-samenvatting', tabindex: '-1' });
  const outcome = el('section', { id: 'foutbericht-uitkomst', 'aria-labelledby': 'uitkomst-kop', tabindex: '-1', hidden: true });
  const list = el('div', { id: 'foutberichten-lijst' });
  const detail = el('section', { id: 'foutbericht', 'aria-labelledby': 'foutbericht-kop', hidden: true });
  main.replaceChildren(el('h1', {}, 'Foutberichten'),
    el('p', {}, 'Berichten van andere systemen die Verzuim niet kon verwerken: een veld ontbrak of klopte niet, of het verwerken ging mis. ',
      'Bekijk de reden, corrigeer zo nodig velden en bied het bericht opnieuw aan, of verwijder het met een reden. ',
      'Vrije tekst uit een bericht blijft verborgen; een bericht met hetzelfde berichtId verwerkt Verzuim nooit twee keer.'),
    form, formError, outcome, summary, list, detail);

  const field = (name, label, input) => el('div', { class: 'field' }, el('label', { for: `fb-${name}` }, label), input);
  const select = (name, options) => el('select', { id: `fb-${name}`, name },
    options.map(([ value, text ]) => el('option', { value, selected: (query.get(name) || '') === value }, text)));
  form.replaceChildren(
    field('type', 'Berichttype', select('type', [ [ '', 'Alle' ], ...INBOUND.map(t => [ t, t ]), [ 'onbekend', 'Onbekend (geen leesbaar bericht)' ] ])),
    field('schoolId', 'School', el('input', { id: 'fb-schoolId', name: 'schoolId', type: 'text', value: query.get('schoolId') || '', maxlength: 64, autocomplete: 'off' })),
    field('status', 'Status', select('status', [ [ '', 'Open' ], [ 'afgehandeld', 'Afgehandeld' ], [ 'alle', 'Alle' ] ])),
    field('van', 'Van', el('input', { id: 'fb-van', name: 'van', type: 'date', value: query.get('van') || '' })),
    field('tot', 'Tot en met', el('input', { id: 'fb-tot', name: 'tot', type: 'date', value: query.get('tot') || '' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Filteren')));

  const params = () => new URLSearchParams(FILTERS.filter(name => query.get(name)).map(name => [ name, query.get(name) ]));
  let rows = [];

  async function load() {
    const p = params();
    try {
      rows = await api(`/api/foutberichten${p.size ? `?${p}` : ''}`);
    } catch (error) {
      // never leave the previous answer standing under a question it does not answer
      summary.textContent = '';
      list.replaceChildren(el('p', { class: 'error', role: 'alert' }, errorText(error)));
      throw error;
    }
    const open = !query.get('status');
    summary.textContent = rows.length === 0 ? (open ? 'Geen open foutberichten.' : 'Geen foutberichten met deze filters.')
      : `${rows.length} ${open ? 'open ' : ''}${rows.length === 1 ? 'foutbericht' : 'foutberichten'}, oudste eerst.`;
    list.replaceChildren(table({
      caption: open ? 'Open foutberichten' : 'Foutberichten', className: 'data foutberichten', rows,
      empty: open ? 'Alle berichten zijn verwerkt: er wacht niets.' : 'Geen foutberichten met deze filters.',
      columns: [
        { label: 'Bericht', value: r => [ el('span', {}, r.type || 'onbekend type'), el('br'), el('code', { title: r.berichtId || '' }, short(r.berichtId)) ], rowHeader: true },
        { label: 'School', value: r => r.schoolId || '–' },
        { label: 'Leerling', value: r => r.leerlingId || '–' },
        { label: 'Reden', value: r => el('span', { class: 'reason' }, r.reden) },
        { label: 'Mislukt', value: r => time(r.mislukt) },
        { label: 'Status', value: r => r.status === 'open' ? STATUS.open : [ STATUS[r.status] || r.status, el('br'), el('span', { class: 'muted' }, `door ${r.afgehandeldDoor || 'onbekend'}, `), time(r.afgehandeldOp) ] },
        { label: 'Actie', value: r => el('button', { type: 'button', 'aria-label': `Bekijken: ${r.type || 'onbekend type'} ${short(r.berichtId)}`, onclick: () => openDetail(r.id) }, 'Bekijken') },
      ],
      rowAttributes: r => ({ 'data-id': r.id, 'data-bericht-id': r.berichtId }),
    }));
  }

  function closeDetail(focusRow) {
    const id = detail.dataset.id;
    detail.hidden = true;
    detail.replaceChildren();
    delete detail.dataset.id;
    if (focusRow) (main.querySelector(`tr[data-id="${id}"] button`) || summary).focus();
  }

  async function openDetail(id) {
    let m;
    try { m = await api(`/api/foutberichten/${id}`); } catch (error) { announce(errorText(error), 'fout'); return; }
    detail.dataset.id = id;
    const facts = [
      [ 'Berichttype', typeText(m.type) ], [ 'BerichtId', m.berichtId ? el('code', {}, m.berichtId) : '–' ],
      [ 'School', m.schoolId || '–' ], [ 'Leerling', m.leerlingId || '–' ],
      [ 'Mislukt', time(m.mislukt) ], [ 'Opgeslagen', time(m.ontvangen) ],
      [ 'Soort fout', m.uitzondering ? el('code', {}, m.uitzondering) : '–' ], [ 'Status', STATUS[m.status] || m.status ],
    ];
    if (m.status !== 'open') facts.push([ 'Afgehandeld', [ time(m.afgehandeldOp), ` door ${m.afgehandeldDoor || 'onbekend'}` ] ], [ 'Afhandeling', m.afhandeling || '–' ]);
    if (m.verwerking) facts.push([ 'Al verwerkt', `op ${formatDateTime(m.verwerking.op)}: ${OUTCOME[m.verwerking.uitkomst] || m.verwerking.uitkomst}` ]);
    // replaceChildren writes an array as its text: el() flattens the optional parts
    detail.replaceChildren(el('div', {},
      el('h2', { id: 'foutbericht-kop', tabindex: '-1' }, `Foutbericht: ${m.type || 'onbekend type'} ${short(m.berichtId)}`),
      el('dl', { class: 'facts' }, facts.map(([ k, v ]) => [ el('dt', {}, k), el('dd', {}, v) ])),
      el('h3', {}, 'Reden'), el('p', { class: 'reason', id: 'foutbericht-reden' }, m.reden),
      el('h3', {}, 'Bericht'),
      m.bericht
        ? [ el('pre', { class: 'message-body', id: 'foutbericht-inhoud', tabindex: '0', 'aria-label': 'Inhoud van het bericht, vrije tekst verborgen' }, JSON.stringify(m.bericht, null, 2)),
            m.verborgen.length ? el('p', { class: 'muted' }, `Verborgen (vrije tekst of niet in het contract): ${m.verborgen.join(', ')}. Bij opnieuw aanbieden gaan ze ongewijzigd mee.`) : null ]
        : el('p', { class: 'muted', id: 'foutbericht-inhoud' }, m.status === 'open' ? 'Het bericht is geen leesbaar JSON-object; het wordt niet getoond.' : 'Het bericht zelf is na het afhandelen niet bewaard.'),
      m.status === 'open' ? [ replayForm(m), discardForm(m) ] : null,
      el('div', { class: 'actions' }, el('button', { type: 'button', onclick: () => closeDetail(true) }, 'Sluiten'))));
    detail.hidden = false;
    detail.querySelector('#foutbericht-kop').focus();
  }

  function replayForm(m) {
    const correction = el('textarea', { id: 'fb-correctie', rows: 5, spellcheck: 'false', 'aria-describedby': 'fb-correctie-uitleg fb-opnieuw-fout',
      placeholder: m.bericht ? '{ "leerlingId": "…" }' : '{ "berichtId": "…", "leerlingId": "…", "schoolId": "…", "tijdstip": "…" }' });
    const typeSelect = m.type ? null : el('select', { id: 'fb-berichttype', 'aria-describedby': 'fb-opnieuw-fout' },
      el('option', { value: '' }, 'Kies het berichttype'), INBOUND.map(t => el('option', { value: t }, t)));
    const error = el('p', { class: 'form-errors', id: 'fb-opnieuw-fout', role: 'alert', tabindex: '-1' });
    const velden = m.velden?.length ? ` Velden van ${m.type}: ${m.velden.join(', ')}.` : '';
    const form = el('form', { class: 'retry-form', 'aria-labelledby': 'fb-opnieuw-kop' },
      el('h3', { id: 'fb-opnieuw-kop' }, 'Opnieuw aanbieden'),
      typeSelect ? el('div', { class: 'field' }, el('label', { for: 'fb-berichttype' }, 'Berichttype'), typeSelect) : null,
      el('div', { class: 'field' }, el('label', { for: 'fb-correctie' }, m.bericht ? 'Correctie (optioneel)' : 'Het hele bericht'),
        el('p', { class: 'muted', id: 'fb-correctie-uitleg' }, m.bericht
          ? `Een JSON-object met alleen de velden die anders moeten; de andere blijven zoals ze waren, null haalt een veld weg. Het berichtId blijft hetzelfde.${velden}`
          : 'Een JSON-object met alle velden van het bericht; het oorspronkelijke bericht was niet te lezen.'), correction),
      error,
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Opnieuw aanbieden')));

    function fail(message, input = correction) {
      error.textContent = message;
      input.setAttribute('aria-invalid', 'true');
      error.focus();
    }

    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
      const body = {};
      const text = correction.value.trim();
      if (text) {
        let parsed;
        try { parsed = JSON.parse(text); } catch (e) { fail(`De correctie is geen geldige JSON: ${e.message}`); return; }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) { fail('De correctie moet een JSON-object zijn, bijvoorbeeld { "leerlingId": "L-123" }.'); return; }
        body.correctie = parsed;
      } else if (!m.bericht) { fail('Geef het hele bericht als JSON-object: het oorspronkelijke bericht was niet te lezen.'); return; }
      if (typeSelect) {
        if (!typeSelect.value) { fail('Kies het berichttype.', typeSelect); return; }
        body.berichtType = typeSelect.value;
      }
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      button.textContent = 'Bezig met aanbieden…';
      let result;
      try {
        result = await api(`/api/foutberichten/${m.id}/opnieuw`, { method: 'POST', json: body });
      } catch (e) {
        button.disabled = false;
        button.textContent = 'Opnieuw aanbieden';
        fail(errorText(e));
        return;
      }
      closeDetail(false);
      await load().catch(() => {});
      showOutcome(m, result);
    });
    return form;
  }

  function discardForm(m) {
    const reason = el('input', { id: 'fb-reden', type: 'text', size: 60, maxlength: 500, autocomplete: 'off', 'aria-describedby': 'fb-reden-uitleg fb-verwijder-fout' });
    const error = el('p', { class: 'form-errors', id: 'fb-verwijder-fout', role: 'alert', tabindex: '-1' });
    const form = el('form', { class: 'retry-form', 'aria-labelledby': 'fb-verwijder-kop', novalidate: true },
      el('h3', { id: 'fb-verwijder-kop' }, 'Verwijderen'),
      el('div', { class: 'field' }, el('label', { for: 'fb-reden' }, 'Reden van verwijderen'),
        el('p', { class: 'muted', id: 'fb-reden-uitleg' }, 'Waarom dit bericht niet meer verwerkt hoeft te worden, bijvoorbeeld "dubbel verstuurd". Het bericht zelf wordt niet bewaard; de reden wel, met uw naam.'),
        reason),
      error,
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'danger' }, 'Verwijderen')));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      reason.removeAttribute('aria-invalid');
      const fail = message => { error.textContent = message; reason.setAttribute('aria-invalid', 'true'); error.focus(); };
      if (!reason.value.trim()) { fail('Geef een reden op.'); return; }
      try {
        await api(`/api/foutberichten/${m.id}/verwijderen`, { method: 'POST', json: { reden: reason.value.trim() } });
      } catch (e) { fail(errorText(e)); return; }
      closeDetail(false);
      await load().catch(() => {});
      announce(`Foutbericht ${m.type || ''} ${short(m.berichtId)} verwijderd.`, 'ok');
      summary.focus();
    });
    return form;
  }

  function showOutcome(m, result) {
    const what = `${m.type || result.type || 'Het bericht'} ${short(m.berichtId)}`;
    const sentence = {
      verwerkt: `${what} is opnieuw aangeboden en verwerkt: ${OUTCOME[result.uitkomst] || result.uitkomst}.`,
      'al-verwerkt': `${what} was al verwerkt${result.verwerktOp ? ` op ${formatDateTime(result.verwerktOp)}` : ''}; Verzuim herkent het aan het berichtId en verwerkt het geen tweede keer.`,
      'opnieuw-mislukt': `${what} is opnieuw aangeboden, maar is weer mislukt: het nieuwe foutbericht staat in de lijst.`,
      onderweg: `${what} is opnieuw aangeboden; de verwerking loopt nog. Vernieuw de lijst over een minuut.`,
    }[result.status] || `${what} is opnieuw aangeboden.`;
    const cases = result.zaken || [];
    outcome.replaceChildren(el('div', {}, el('h2', { id: 'uitkomst-kop' }, 'Uitkomst'), el('p', { id: 'uitkomst-tekst' }, sentence),
      cases.length ? [ el('p', {}, 'Zaken van deze leerling op deze school:'),
        el('ul', { class: 'plain', id: 'uitkomst-zaken' }, cases.map(c => el('li', { 'data-case-id': c.id },
          `${c.model}${c.stap ? `, ${c.stap}` : ''} (${CASE_STATUS[c.status] || c.status}), geopend `, time(c.geopend), `, zaak ${short(c.id)}`))) ] : null));
    outcome.hidden = false;
    outcome.className = result.status === 'opnieuw-mislukt' ? 'outcome outcome-fout' : 'outcome';
    announce(sentence, result.status === 'opnieuw-mislukt' ? 'fout' : 'ok');
    outcome.focus();
  }

  // the browser's own checks say little and in its own words: say which filter is wrong, in Dutch, before asking the server
  form.addEventListener('submit', event => {
    event.preventDefault();
    formError.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    const values = Object.fromEntries([ ...new FormData(form) ].map(([ k, v ]) => [ k, String(v).trim() ]).filter(([ , v ]) => v !== ''));
    if (values.van && values.tot && values.tot < values.van) {
      const input = form.querySelector('#fb-tot');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'foutberichten-fout');
      formError.textContent = '"Tot en met" ligt vóór "Van".';
      formError.focus();
      return;
    }
    query = new URLSearchParams(Object.entries(values));
    history.replaceState({}, '', `/foutberichten${query.size ? `?${query}` : ''}`);
    closeDetail(false);
    outcome.hidden = true;
    load().then(() => announce(summary.textContent)).catch(e => { formError.textContent = errorText(e); formError.focus(); });
  });

  await load().catch(() => {});
  return { refresh: () => load().catch(() => {}), destroy() {} };
}
