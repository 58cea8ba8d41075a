// Visual comparison before publishing: the published version and the edited model side by side, changed elements
// coloured on both diagrams (added, removed, changed, moved) and listed with their old and new values.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer.js';
import translateModule from '../i18n/translate.js';
import verzuimModdle from './verzuim.json';
import { compareModels } from './model-diff.js';
import { el } from './dom.js';

const KIND = {
  added: { label: 'Toegevoegd', marker: 'diff-added' },
  removed: { label: 'Verwijderd', marker: 'diff-removed' },
  changed: { label: 'Gewijzigd', marker: 'diff-changed' },
  layout: { label: 'Verplaatst', marker: 'diff-layout' },
};

function viewer(container) {
  return new NavigatedViewer({ container, additionalModules: [ translateModule ], moddleExtensions: { verzuim: verzuimModdle } });
}

function markAll(viewerInstance, changes, side) {
  const registry = viewerInstance.get('elementRegistry');
  const canvas = viewerInstance.get('canvas');
  for (const change of changes) {
    if (side === 'old' && change.kind === 'added') continue;
    if (side === 'new' && change.kind === 'removed') continue;
    const element = registry.get(change.id);
    if (!element) continue;
    canvas.addMarker(element, KIND[change.kind].marker);
    // a change inside a collapsed sub-process is invisible from outside: mark the sub-process as containing it
    for (let parent = element.businessObject.$parent; parent && parent.$type !== 'bpmn:Process'; parent = parent.$parent) {
      const shape = registry.get(parent.id);
      if (shape?.collapsed) canvas.addMarker(shape, 'diff-contains');
    }
  }
}

/** Shows the element in a viewer: its plane (a collapsed sub-process has its own), centred. */
function show(viewerInstance, id) {
  const element = viewerInstance.get('elementRegistry').get(id);
  if (!element) return false;
  const canvas = viewerInstance.get('canvas');
  const root = canvas.findRoot(element);
  if (root && root !== canvas.getRootElement()) canvas.setRootElement(root);
  canvas.zoom('fit-viewport');
  if (!element.waypoints) canvas.scrollToElement(element);
  return true;
}

/**
 * Renders the comparison into `root`. Returns the list of changes (empty when the models are the same).
 * @param {{ oldXml: string, oldLabel: string, newXml: string, newLabel: string }} models
 */
export async function renderDiff(root, { oldXml, oldLabel, newXml, newLabel }) {
  const oldBox = el('div', { class: 'diff-canvas', role: 'img', 'aria-label': `Diagram ${oldLabel}` });
  const newBox = el('div', { class: 'diff-canvas', role: 'img', 'aria-label': `Diagram ${newLabel}` });
  const list = el('div', { class: 'diff-list' });
  root.replaceChildren(
    el('div', { class: 'diff-legend' }, Object.values(KIND).map(k => el('span', { class: `legend ${k.marker}` }, k.label))),
    el('div', { class: 'diff-sides' },
      el('figure', {}, el('figcaption', {}, oldLabel), oldBox),
      el('figure', {}, el('figcaption', {}, newLabel), newBox)),
    list);

  root._viewers?.forEach(v => v.destroy());
  const before = viewer(oldBox), after = viewer(newBox);
  root._viewers = [ before, after ];
  await before.importXML(oldXml);
  await after.importXML(newXml);
  for (const v of root._viewers) v.get('canvas').zoom('fit-viewport');

  const changes = compareModels(before.getDefinitions(), after.getDefinitions());
  markAll(before, changes, 'old');
  markAll(after, changes, 'new');

  const semantic = changes.filter(c => c.kind !== 'layout');
  const showBoth = id => { show(before, id); show(after, id); };
  // open both diagrams where the first real change is
  if (semantic.length) showBoth(semantic[0].id);

  list.replaceChildren(
    el('h3', {}, semantic.length ? `${semantic.length} inhoudelijke wijziging${semantic.length === 1 ? '' : 'en'}` : 'Geen inhoudelijke wijzigingen',
      changes.length > semantic.length ? ` (en ${changes.length - semantic.length} verplaatst)` : ''),
    el('ul', {}, changes.map(change => el('li', { class: `diff-item ${KIND[change.kind].marker}`, 'data-element-id': change.id },
      el('strong', {}, KIND[change.kind].label), ': ',
      el('button', { type: 'button', class: 'link', title: 'Toon in beide diagrammen', onclick: () => showBoth(change.id) }, change.name || change.id),
      ' ', el('code', {}, change.id),
      change.changes.length ? el('ul', {}, change.changes.map(c => el('li', {}, `${c.label}: `, el('del', {}, c.before), ' → ', el('ins', {}, c.after)))) : null))));
  return changes;
}
