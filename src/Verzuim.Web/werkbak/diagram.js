// The case's model in bpmn-js' NavigatedViewer (pan, zoom, drill into collapsed sub-processes), with the case's state
// drawn on it as Camunda Operate does: active elements highlighted, completed ones marked, and a sub-process that
// holds an active element marked too, so the step is visible from the top level.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import translateModule from '../i18n/translate.js';
import { el } from './dom.js';

const ACTIVE = 'verzuim-actief';
const DONE = 'verzuim-afgerond';
const CONTAINS_ACTIVE = 'verzuim-bevat-actief';

export async function createDiagram(container, xml) {
  const viewer = new NavigatedViewer({ container, additionalModules: [ translateModule ] });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const overlays = viewer.get('overlays');
  let marked = [];
  // the diagram's own focusable surface needs a name for screen readers; the text list next to it says what is active
  canvas.getContainer().querySelector('svg')?.setAttribute('aria-label', 'Procesmodel van de zaak; de actieve en afgeronde elementen staan ook in de lijst onder het model');

  /** Draws the state; returns the names of the active elements (for the text alternative). */
  function show({ actief = [], afgerond = [] }) {
    for (const [ id, marker ] of marked) canvas.removeMarker(id, marker);
    overlays.remove({ type: 'verzuim-status' });
    marked = [];
    const mark = (id, marker) => { canvas.addMarker(id, marker); marked.push([ id, marker ]); };
    const active = actief.map(id => registry.get(id)).filter(e => e && !e.labelTarget);
    for (const id of afgerond) {
      const element = registry.get(id);
      if (!element || actief.includes(id) || element.labelTarget) continue;
      mark(id, DONE);
      overlays.add(element, 'verzuim-status', { position: { top: -10, right: 8 }, html: el('span', { class: 'diagram-badge diagram-badge-done', title: 'afgerond' }, '✓') });
    }
    for (const element of active) {
      mark(element.id, ACTIVE);
      overlays.add(element, 'verzuim-status', { position: { bottom: 8, left: -8 }, html: el('span', { class: 'diagram-badge diagram-badge-active' }, 'nu') });
      // every enclosing sub-process (collapsed ones show as a single shape one level up)
      for (let parent = element.businessObject.$parent; parent && parent.$type !== 'bpmn:Process'; parent = parent.$parent)
        if (registry.get(parent.id) && !actief.includes(parent.id)) mark(parent.id, CONTAINS_ACTIVE);
    }
    return active.map(e => e.businessObject.name || e.id);
  }

  /** Shows the plane (top level or a sub-process) holding the first active task, unless the current one holds one (or forced). */
  function followActive(actief, force = false) {
    const active = actief.map(id => registry.get(id)).filter(e => e && !e.labelTarget);
    if (active.length === 0) return;
    const root = canvas.getRootElement();
    if (!force && active.some(e => canvas.findRoot(e) === root)) return;
    const target = active.find(e => /Task$/.test(e.type)) || active[0];
    canvas.setRootElement(canvas.findRoot(target));
    canvas.zoom('fit-viewport', 'auto');
  }

  return {
    viewer,
    show,
    followActive,
    fit: () => canvas.zoom('fit-viewport', 'auto'),
    zoom: step => canvas.zoom(canvas.zoom() * step),
    top: () => { canvas.setRootElement(canvas.getRootElements().find(r => !r.id.endsWith('_plane')) || canvas.getRootElements()[0]); canvas.zoom('fit-viewport', 'auto'); },
    destroy: () => viewer.destroy(),
  };
}
