// The editor of one model file: bpmn-js with the verzuim properties panel, lint (bpmnlint + domain rules + the
// server's validation) on the canvas and in a problem list, simulation, comparison with the published version,
// publishing, draft saving, import and export.
import BpmnModeler from 'bpmn-js/lib/Modeler.js';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import translateModule from '../i18n/translate.js';
import { api, ApiError } from '../shared/api.js';
import verzuimModdle from './verzuim.json';
import { verzuimPropertiesModule } from './properties/index.js';
import { lintConfig } from './lint/config.js';
import { addServerValidation, serverProblemsAsIssues } from './lint/server-validation.js';
import { loadContracts, getContracts } from './contracts.js';
import { completeFlowReferences } from './flow-refs.js';
import { SimulationView } from './simulation.js';
import { renderDiff } from './diff-view.js';
import { el, announce, download, fileInput, formatDateTime } from './dom.js';
import { tabs } from './tabs.js';

const TYPE_LABELS = {
  'bpmn:UserTask': 'gebruikerstaak', 'bpmn:ServiceTask': 'servicetaak', 'bpmn:SendTask': 'verzendtaak', 'bpmn:ReceiveTask': 'ontvangsttaak',
  'bpmn:Task': 'taak', 'bpmn:ManualTask': 'handmatige taak', 'bpmn:CallActivity': 'aanroepactiviteit', 'bpmn:SubProcess': 'subproces',
  'bpmn:StartEvent': 'startgebeurtenis', 'bpmn:EndEvent': 'eindgebeurtenis', 'bpmn:BoundaryEvent': 'randgebeurtenis',
  'bpmn:IntermediateCatchEvent': 'tussentijdse gebeurtenis', 'bpmn:IntermediateThrowEvent': 'tussentijdse gebeurtenis',
  'bpmn:ExclusiveGateway': 'exclusieve gateway', 'bpmn:ParallelGateway': 'parallelle gateway', 'bpmn:EventBasedGateway': 'gebeurtenisgebaseerde gateway',
};

const runningCases = n => `${n} lopende ${n === 1 ? 'zaak' : 'zaken'}`;

export function createModeler(canvas, properties) {
  return new BpmnModeler({
    container: canvas,
    propertiesPanel: {
      parent: properties,
      // what a process owner edits most is open from the start
      layout: { groups: Object.fromEntries([ 'general', 'verzuim-timer', 'verzuim-message', 'verzuim-task', 'verzuim-condition' ].map(id => [ id, { open: true } ])) },
    },
    linting: { bpmnlint: lintConfig(getContracts), active: true },
    verzuim: { contracts: getContracts },
    moddleExtensions: { verzuim: verzuimModdle },
    additionalModules: [ BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, verzuimPropertiesModule, lintModule, translateModule ],
  });
}

/** Flattens bpmn-js-bpmnlint's issues (grouped by element) into one list, errors first. */
export function flattenIssues(issues) {
  const list = Object.values(issues || {}).flat();
  const rank = { error: 0, warn: 1, info: 2 };
  return list.sort((a, b) => (rank[a.category] ?? 3) - (rank[b.category] ?? 3));
}

export async function renderEditor(main, { processId, versie, imported, navigate }) {
  main.replaceChildren(el('p', {}, 'Model laden…'));
  await loadContracts();
  const definitions = await api('/api/definitions');
  let definition = definitions.find(d => d.processId === processId) || null;
  const xml = imported?.text ?? await api(`/api/definitions/${encodeURIComponent(processId)}/xml${versie ? `?versie=${versie}` : ''}`, { accept: 'application/xml' });

  const title = el('h1', { id: 'model-title' });
  const versionInfo = el('p', { class: 'muted', id: 'model-versions' });
  const canvasBox = el('div', { class: 'canvas', id: 'canvas', tabindex: '0', 'aria-label': 'Diagram: kies een element met de muis of met "Ga naar element"' });
  const propertiesBox = el('aside', { class: 'properties', id: 'properties', 'aria-label': 'Eigenschappen van het gekozen element' });
  const jump = el('select', { id: 'element-jump' });
  const problemSummary = el('p', { id: 'problem-summary', class: 'problem-summary', 'aria-live': 'polite' }, 'Controle loopt…');
  const problemList = el('ul', { id: 'problem-list', class: 'problems' });
  const publishButton = el('button', { type: 'button', class: 'primary', id: 'publish', 'aria-describedby': 'problem-summary' }, 'Publiceren…');
  const diffRoot = el('div', { id: 'diff' }, el('p', {}, 'Vergelijk het model met de gepubliceerde versie voordat je publiceert.'));
  const publishConfirm = el('div', { id: 'publish-confirm', class: 'publish-confirm', hidden: true });

  const modeler = createModeler(canvasBox, propertiesBox);
  modeler.on('import.parse.complete', ({ definitions: parsed }) => parsed && completeFlowReferences(parsed));
  addServerValidation(modeler);
  let issues = [];
  let linted = false;
  let dirty = false;
  const getXml = async () => (await modeler.saveXML({ format: true })).xml;
  const errorCount = () => issues.filter(i => i.category === 'error').length;

  const simulation = new SimulationView(modeler, { processId, getXml });
  const panes = tabs('editor-tabs', [
    { id: 'tab-problems', label: 'Controle', content: el('div', {}, problemSummary, problemList) },
    { id: 'tab-simulation', label: 'Simulatie', content: await simulation.render() },
    { id: 'tab-publish', label: 'Vergelijken en publiceren', content: el('div', {}, diffRoot, publishConfirm) },
  ]);

  function describeVersions() {
    title.textContent = definition?.naam || getBusinessObject(modeler.get('canvas').getRootElement())?.name || processId;
    const versions = definition?.versies || [];
    const published = versions.find(v => v.status === 'Gepubliceerd');
    const draft = versions.find(v => v.status === 'Concept');
    versionInfo.replaceChildren(el('code', {}, processId), ' · ',
      published ? `gepubliceerd: v${published.versie} (${formatDateTime(published.gepubliceerdOp)}, ${published.gepubliceerdDoor || 'onbekend'}, ${runningCases(published.lopendeZaken)})` : 'nog niet gepubliceerd',
      draft ? ` · concept: v${draft.versie}` : '',
      ...versions.filter(v => v.status === 'Vervangen' && v.lopendeZaken > 0).map(v => ` · v${v.versie} vervangen (${runningCases(v.lopendeZaken)})`),
      imported ? ` · geïmporteerd uit ${imported.name}` : versie ? ` · je bekijkt v${versie}` : '');
  }

  async function refreshDefinition() {
    definition = (await api('/api/definitions')).find(d => d.processId === processId) || definition;
    describeVersions();
  }

  function fillJumpList() {
    const registry = modeler.get('elementRegistry');
    const nodes = registry.filter(e => is(e, 'bpmn:FlowNode') && e.type !== 'label')
      .map(e => ({ id: e.id, name: e.businessObject.name || '', type: TYPE_LABELS[e.type] || e.type.replace('bpmn:', '') }))
      .sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id, 'nl'));
    const chosen = jump.value;
    jump.replaceChildren(el('option', { value: '' }, `(kies een van ${nodes.length} elementen)`),
      ...nodes.map(n => el('option', { value: n.id }, `${n.name || n.id} — ${n.type}`)));
    jump.value = nodes.some(n => n.id === chosen) ? chosen : '';
  }

  async function focusElement(id) {
    // commit a field that is still being edited first: its change must land on the element it belongs to
    // (the properties panel would otherwise follow that late change back to the old element)
    if (propertiesBox.contains(document.activeElement)) {
      document.activeElement.blur();
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    const registry = modeler.get('elementRegistry');
    const canvas = modeler.get('canvas');
    const element = registry.get(id);
    if (!element) return;
    // elements of a collapsed sub-process live on their own plane: go there first
    const root = canvas.findRoot(element);
    if (root && root !== canvas.getRootElement()) canvas.setRootElement(root);
    if (!element.waypoints) canvas.scrollToElement(element, { top: 150, bottom: 150, left: 200, right: 200 });
    modeler.get('selection').select(element);
  }

  function renderProblems() {
    const errors = errorCount();
    const warnings = issues.filter(i => i.category === 'warn').length;
    problemSummary.textContent = !linted ? 'Controle loopt…'
      : errors ? `${errors} fout${errors === 1 ? '' : 'en'} en ${warnings} waarschuwing${warnings === 1 ? '' : 'en'}. Publiceren kan pas als er geen fouten meer zijn.`
        : `Geen fouten${warnings ? ` (${warnings} waarschuwing${warnings === 1 ? '' : 'en'})` : ''}. Het model kan gepubliceerd worden.`;
    problemSummary.className = `problem-summary ${errors ? 'has-errors' : 'no-errors'}`;
    publishButton.disabled = !linted || errors > 0;
    panes.setLabel('tab-problems', errors ? `Controle (${errors} fout${errors === 1 ? '' : 'en'})` : 'Controle');
    const registry = modeler.get('elementRegistry');
    problemList.replaceChildren(...issues.map(issue => {
      const id = issue.actualElementId || issue.id;
      const element = registry.get(id);
      const name = element?.businessObject?.name || id;
      return el('li', { class: `problem problem-${issue.category}`, 'data-element-id': id, 'data-rule': issue.rule, title: `Regel: ${issue.rule}` },
        el('span', { class: 'problem-kind' }, issue.category === 'error' ? 'Fout' : issue.category === 'warn' ? 'Waarschuwing' : 'Info'), ' ',
        element ? el('button', { type: 'button', class: 'link', onclick: () => focusElement(id) }, name) : el('span', {}, name), ': ',
        el('span', { class: 'problem-message' }, modeler.get('translate')(issue.message)));
    }));
    if (!errors) publishConfirm.querySelector('.refused')?.remove();
  }

  modeler.on('linting.completed', ({ issues: grouped }) => {
    issues = flattenIssues(grouped);
    linted = true;
    renderProblems();
  });
  modeler.on('commandStack.changed', () => {
    dirty = true;
    publishConfirm.hidden = true;
  });
  modeler.on('import.done', () => fillJumpList());
  modeler.on('elements.changed', () => fillJumpList());

  async function importDiagram(text) {
    try {
      await modeler.importXML(text);
    } catch (error) {
      announce(`Het bestand is geen BPMN-model dat de studio kan lezen: ${error.message}`, 'fout');
      throw error;
    }
    modeler.get('canvas').zoom('fit-viewport');
  }

  async function saveDraft() {
    try {
      const result = await api('/api/definitions/draft', { method: 'PUT', xml: await getXml() });
      dirty = false;
      await refreshDefinition();
      announce(`Concept opgeslagen: ${result.processen.map(p => `${p.processId} v${p.versie}`).join(', ')}${result.problemen.length ? ` (nog ${result.problemen.length} probleem/problemen)` : ''}.`, 'ok');
    } catch (error) {
      announce(`Opslaan mislukt: ${error.message}`, 'fout');
    }
  }

  function publishedVersion() {
    return definition?.versies.find(v => v.status === 'Gepubliceerd') || null;
  }

  async function compare() {
    panes.select('tab-publish');
    const published = publishedVersion();
    if (!published) {
      diffRoot.replaceChildren(el('p', {}, 'Er is nog geen gepubliceerde versie: alles is nieuw.'));
      return [];
    }
    diffRoot.replaceChildren(el('p', {}, 'Vergelijken…'));
    const oldXml = await api(`/api/definitions/${encodeURIComponent(processId)}/xml?versie=${published.versie}`, { accept: 'application/xml' });
    return renderDiff(diffRoot, { oldXml, oldLabel: `Gepubliceerd: v${published.versie}`, newXml: await getXml(), newLabel: 'Dit model (na publiceren een nieuwe versie)' });
  }

  async function startPublish() {
    if (errorCount() > 0) {
      panes.select('tab-problems');
      announce(`Publiceren geweigerd: los eerst de ${errorCount()} fout(en) op.`, 'fout');
      return;
    }
    const changes = await compare();
    const published = publishedVersion();
    const semantic = changes.filter(c => c.kind !== 'layout').length;
    publishConfirm.hidden = false;
    publishConfirm.replaceChildren(
      el('h3', {}, 'Publiceren'),
      el('p', {}, published
        ? `Publiceren maakt een nieuwe versie na v${published.versie}. Nieuwe zaken gebruiken de nieuwe versie; ${published.lopendeZaken === 1 ? 'de lopende zaak blijft' : `de ${published.lopendeZaken} lopende zaken blijven`} op hun versie.`
        : 'Publiceren maakt de eerste versie van dit model.'),
      ...(published && !semantic ? [ el('p', { class: 'warning' }, 'Let op: er zijn geen inhoudelijke wijzigingen ten opzichte van de gepubliceerde versie.') ] : []),
      el('label', { for: 'publish-note' }, 'Wat is er veranderd en waarom? (verplicht, komt in de versiegeschiedenis)'),
      el('textarea', { id: 'publish-note', rows: 3, maxlength: 500, required: true, 'aria-describedby': 'publish-note-error' }),
      el('p', { id: 'publish-note-error', class: 'error', hidden: true }),
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', class: 'primary', id: 'publish-confirm-button', onclick: publish }, 'Nieuwe versie publiceren'),
        el('button', { type: 'button', onclick: () => { publishConfirm.hidden = true; publishButton.focus(); } }, 'Annuleren')));
    publishConfirm.querySelector('#publish-note').focus();
  }

  async function publish() {
    if (errorCount() > 0) return startPublish();
    const noteField = publishConfirm.querySelector('#publish-note');
    const note = noteField?.value.trim() || '';
    if (!note) {
      const error = publishConfirm.querySelector('#publish-note-error');
      error.hidden = false;
      error.textContent = 'Schrijf kort wat er veranderd is: collega’s lezen het terug in de versiegeschiedenis.';
      noteField.setAttribute('aria-invalid', 'true');
      noteField.focus();
      return;
    }
    try {
      const result = await api(`/api/definitions?notitie=${encodeURIComponent(note)}`, { method: 'POST', xml: await getXml() });
      dirty = false;
      publishConfirm.replaceChildren(el('p', { class: 'ok', id: 'publish-result', tabindex: '-1' },
        `Gepubliceerd: ${result.map(r => `${r.processId} v${r.versie}${r.gewijzigd ? '' : ' (ongewijzigd)'}`).join(', ')}.`));
      publishConfirm.querySelector('#publish-result').focus();
      announce(`Gepubliceerd: ${result.map(r => `${r.processId} v${r.versie}`).join(', ')}.`, 'ok');
      await refreshDefinition();
    } catch (error) {
      if (error instanceof ApiError && error.problem?.problemen) {
        // the server's refusal names the problems: show them like lint issues
        const refused = Object.entries(serverProblemsAsIssues(error.problem.problemen)).flatMap(([ rule, reports ]) => reports.map(r => ({ ...r, rule })));
        issues = refused.concat(issues);
        renderProblems();
        panes.select('tab-problems');
      }
      publishConfirm.append(el('p', { class: 'error refused', role: 'alert' }, `Publiceren geweigerd: ${error.message}`));
      announce(`Publiceren geweigerd: ${error.message}`, 'fout');
    }
  }

  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Modelacties' },
    el('button', { type: 'button', onclick: saveDraft }, 'Concept opslaan'),
    el('button', { type: 'button', onclick: () => compare() }, 'Vergelijken met gepubliceerd'),
    publishButton,
    el('button', { type: 'button', onclick: async () => download(`${processId}.bpmn`, await getXml()) }, 'Exporteren (.bpmn)'),
    fileInput('import-into-editor', 'Importeren (.bpmn)', async file => {
      await importDiagram(file.text);
      dirty = true;
      announce(`${file.name} geïmporteerd. Controleer, simuleer en publiceer het als nieuwe versie.`, 'ok');
    }));
  publishButton.addEventListener('click', startPublish);
  jump.addEventListener('change', () => jump.value && focusElement(jump.value));

  main.replaceChildren(
    el('div', { class: 'page-head' },
      el('p', { class: 'breadcrumb' }, el('a', { href: '/studio/', onclick: event => { event.preventDefault(); leave('/studio/'); } }, '← Alle modellen')),
      title, versionInfo, toolbar),
    el('div', { class: 'jump' }, el('label', { for: 'element-jump' }, 'Ga naar element'), jump),
    el('div', { class: 'workspace' }, canvasBox, propertiesBox),
    panes.root);

  function leave(path) {
    if (dirty && !window.confirm('Er zijn niet-opgeslagen wijzigingen. Toch weggaan?')) return;
    dirty = false;
    navigate(path); // the router destroys the modeler
  }
  window.onbeforeunload = event => { if (dirty) { event.preventDefault(); event.returnValue = ''; } };

  await importDiagram(xml);
  dirty = !!imported;
  describeVersions();
  return { modeler, leave };
}
