// The model list: every definition with its versions (concept, gepubliceerd, ingetrokken), how many cases run on
// each version and who published it when; open a model, or import a .bpmn file as a new one.
import { api } from '../shared/api.js';
import { el, formatDateTime, fileInput } from './dom.js';

const STATUS_CLASS = { Concept: 'badge-concept', Gepubliceerd: 'badge-gepubliceerd', Ingetrokken: 'badge-ingetrokken' };

function versionTable(definition) {
  return el('table', { class: 'versions' },
    el('caption', { class: 'visually-hidden' }, `Versies van ${definition.naam || definition.processId}`),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Versie'), el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Lopende zaken'),
      el('th', { scope: 'col' }, 'Aangemaakt'), el('th', { scope: 'col' }, 'Gepubliceerd'), el('th', { scope: 'col' }, 'Door'),
      el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Acties')))),
    el('tbody', {}, definition.versies.map(v => el('tr', { 'data-versie': v.versie },
      el('td', {}, `v${v.versie}`),
      el('td', {}, el('span', { class: `badge ${STATUS_CLASS[v.status] || ''}` }, v.status)),
      el('td', { class: 'number' }, v.lopendeZaken),
      el('td', {}, formatDateTime(v.aangemaaktOp)),
      el('td', {}, v.gepubliceerdOp ? formatDateTime(v.gepubliceerdOp) : '–'),
      el('td', {}, v.gepubliceerdDoor || '–'),
      el('td', {}, el('a', { href: `/studio/model/${encodeURIComponent(definition.processId)}?versie=${v.versie}`, 'data-link': true },
        'Bekijken', el('span', { class: 'visually-hidden' }, ` versie ${v.versie}`)))))));
}

export async function renderModelList(main, { navigate, importFile }) {
  main.replaceChildren(el('p', {}, 'Modellen laden…'));
  const definitions = await api('/api/definitions');
  const list = el('ul', { class: 'models' }, definitions.map(definition => {
    const current = definition.versies[0];
    return el('li', { class: 'model', 'data-process-id': definition.processId },
      el('div', { class: 'model-head' },
        el('h2', {}, el('a', { href: `/studio/model/${encodeURIComponent(definition.processId)}`, 'data-link': true }, definition.naam || definition.processId)),
        el('p', { class: 'muted' }, el('code', {}, definition.processId), ` · ${definition.versies.length} versie${definition.versies.length === 1 ? '' : 's'}`,
          current ? ` · nieuwste: v${current.versie} (${current.status.toLowerCase()})` : '')),
      versionTable(definition));
  }));
  main.replaceChildren(
    el('div', { class: 'page-head' },
      el('h1', {}, 'Modellen'),
      el('div', { class: 'toolbar' },
        fileInput('import-model', 'Model importeren (.bpmn)', file => importFile(file)))),
    el('p', {}, 'Kies een model om het te bewerken, te controleren, te simuleren en te publiceren. Lopende zaken blijven op hun versie.'),
    definitions.length ? list : el('p', {}, 'Er zijn nog geen modellen.'));
  main.querySelectorAll('a[data-link]').forEach(link => link.addEventListener('click', event => {
    event.preventDefault();
    navigate(link.getAttribute('href'));
  }));
}
