// The model list: every definition with its versions (concept, gepubliceerd, vervangen), the change note of each,
// how many cases run on each version and who published it when; open a model, import a .bpmn file as a new one, or
// roll back to an earlier version (published again as a new version; running cases stay where they are).
import { api } from '../shared/api.js';
import { el, formatDateTime, fileInput, announce } from './dom.js';

const STATUS_CLASS = { Concept: 'badge-concept', Gepubliceerd: 'badge-gepubliceerd', Vervangen: 'badge-vervangen' };
const runningCases = n => `${n} lopende ${n === 1 ? 'zaak' : 'zaken'}`;

/** The inline form that asks why, then rolls back to version v. */
function rollbackForm(definition, v, { onDone, onCancel }) {
  const noteId = `terugzetten-${definition.processId}-${v.versie}`;
  const note = el('textarea', { id: noteId, rows: 2, maxlength: 450, required: true });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const form = el('form', { class: 'rollback', 'aria-label': `Terugzetten naar versie ${v.versie}` },
    el('p', {}, `v${v.versie} wordt opnieuw gepubliceerd als nieuwe versie. Nieuwe zaken starten daarop; lopende zaken blijven op hun versie.`),
    el('label', { for: noteId }, 'Waarom terugzetten? (verplicht, komt in de versiegeschiedenis)'), note, error,
    el('div', { class: 'toolbar' },
      el('button', { type: 'submit', class: 'primary' }, `Terugzetten naar v${v.versie}`),
      el('button', { type: 'button', onclick: onCancel }, 'Annuleren')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!note.value.trim()) { error.hidden = false; error.textContent = 'Vul in waarom je terugzet.'; note.focus(); return; }
    try {
      const result = await api(`/api/definitions/${encodeURIComponent(definition.processId)}/versies/${v.versie}/terugzetten`,
        { method: 'POST', json: { notitie: note.value.trim() } });
      announce(`Teruggezet: ${definition.processId} v${result.versie} is gepubliceerd met de inhoud van v${v.versie}.`, 'ok');
      onDone(result);
    } catch (failure) {
      error.hidden = false;
      error.textContent = `Terugzetten mislukt: ${failure.message}`;
      note.focus();
    }
  });
  return { form, focus: () => note.focus() };
}

function versionTable(definition, reload) {
  const rows = definition.versies.map(v => {
    const actions = el('td', { class: 'actions' },
      el('a', { href: `/studio/model/${encodeURIComponent(definition.processId)}?versie=${v.versie}`, 'data-link': true },
        'Bekijken', el('span', { class: 'visually-hidden' }, ` versie ${v.versie}`)));
    const row = el('tr', { 'data-versie': v.versie },
      el('td', {}, `v${v.versie}`),
      el('td', {}, el('span', { class: `badge ${STATUS_CLASS[v.status] || ''}` }, v.status)),
      el('td', { class: 'number' }, v.lopendeZaken),
      el('td', {}, v.gepubliceerdOp ? formatDateTime(v.gepubliceerdOp) : `(concept, ${formatDateTime(v.aangemaaktOp)})`),
      el('td', {}, v.gepubliceerdDoor || '–'),
      el('td', { class: 'version-note' }, v.wijziging || (v.status === 'Concept' ? '' : '–')),
      actions);
    if (v.status === 'Vervangen' && v.lopendeZaken > 0) {
      const migrate = el('a', { href: `/studio/model/${encodeURIComponent(definition.processId)}/migreren?van=${v.id}`, 'data-link': true },
        'Zaken migreren', el('span', { class: 'visually-hidden' }, ` van versie ${v.versie}`));
      actions.append(' · ', migrate);
    }
    if (v.status === 'Vervangen') {
      const button = el('button', { type: 'button', class: 'link', 'aria-expanded': 'false' },
        'Terugzetten', el('span', { class: 'visually-hidden' }, ` naar versie ${v.versie}`));
      button.addEventListener('click', () => {
        const open = row.nextElementSibling?.classList.contains('rollback-row');
        if (open) { row.nextElementSibling.remove(); button.setAttribute('aria-expanded', 'false'); return; }
        const { form, focus } = rollbackForm(definition, v, {
          onDone: () => reload(definition.processId),
          onCancel: () => { formRow.remove(); button.setAttribute('aria-expanded', 'false'); button.focus(); },
        });
        const formRow = el('tr', { class: 'rollback-row' }, el('td', { colspan: 7 }, form));
        row.after(formRow);
        button.setAttribute('aria-expanded', 'true');
        focus();
      });
      actions.append(' · ', button);
    }
    return row;
  });
  return el('table', { class: 'versions' },
    el('caption', { class: 'visually-hidden' }, `Versies van ${definition.naam || definition.processId}`),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Versie'), el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Lopende zaken'),
      el('th', { scope: 'col' }, 'Gepubliceerd'), el('th', { scope: 'col' }, 'Door'), el('th', { scope: 'col' }, 'Wijziging'),
      el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Acties')))),
    el('tbody', {}, rows));
}

export async function renderModelList(main, { navigate, importFile }) {
  main.replaceChildren(el('p', {}, 'Modellen laden…'));
  const reload = async processId => {
    await renderModelList(main, { navigate, importFile });
    main.querySelector(`li.model[data-process-id='${CSS.escape(processId)}'] h2 a`)?.focus();
  };
  const definitions = await api('/api/definitions');
  const list = el('ul', { class: 'models' }, definitions.map(definition => {
    const published = definition.versies.find(v => v.status === 'Gepubliceerd');
    const replaced = definition.versies.filter(v => v.status === 'Vervangen' && v.lopendeZaken > 0);
    return el('li', { class: 'model', 'data-process-id': definition.processId },
      el('div', { class: 'model-head' },
        el('h2', {}, el('a', { href: `/studio/model/${encodeURIComponent(definition.processId)}`, 'data-link': true }, definition.naam || definition.processId)),
        el('p', { class: 'muted' }, el('code', {}, definition.processId), ` · ${definition.versies.length} versie${definition.versies.length === 1 ? '' : 's'}`,
          published ? ` · gepubliceerd: v${published.versie}` : ' · nog niet gepubliceerd',
          replaced.length ? ` · ${replaced.map(v => `v${v.versie} vervangen, ${runningCases(v.lopendeZaken)} lopen erop door`).join('; ')}` : '')),
      versionTable(definition, reload));
  }));
  main.replaceChildren(
    el('div', { class: 'page-head' },
      el('h1', {}, 'Modellen'),
      el('div', { class: 'toolbar' },
        fileInput('import-model', 'Model importeren (.bpmn)', file => importFile(file)))),
    el('p', {}, 'Kies een model om het te bewerken, te controleren, te simuleren en te publiceren. Lopende zaken blijven op hun versie; een vervangen versie kun je terugzetten.'),
    definitions.length ? list : el('p', {}, 'Er zijn nog geen modellen.'));
  main.querySelectorAll('a[data-link]').forEach(link => link.addEventListener('click', event => {
    event.preventDefault();
    navigate(link.getAttribute('href'));
  }));
}
