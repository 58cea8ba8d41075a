// The case's model in bpmn-js' NavigatedViewer (pan, zoom, drill into collapsed sub-processes), with the case's state
// drawn on it as Camunda Operate does: active elements highlighted, completed ones marked, and a sub-process that
// holds an active element marked as such. The view follows the case into the sub-process where its step is, until
// the user navigates elsewhere.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import translateModule from '../i18n/translate.js';
import { el } from './dom.js';

const ACTIVE = 'verzuim-actief';
const DONE = 'verzuim-afgerond';
const CONTAINS_ACTIVE = 'verzuim-bevat-actief';

export async function createDiagram(container, xml) {
  const viewer = new NavigatedViewer({ container, additionalModules: [ translateModule ] });
  try {
    const { warnings } = await viewer.importXML(xml);
    if (warnings.length) console.warn('Procesmodel met waarschuwingen geladen', warnings);
  } catch (error) {
    // a model without a drawing (written by hand or by another tool) still runs; the case page stays usable
    console.warn('Procesmodel niet te tekenen', error);
    return withoutDrawing(viewer, container, xml);
  }
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const overlays = viewer.get('overlays');
  let marked = [];
  let following = true; // until the user drills elsewhere
  let settingRoot = false;
  let fitted = false;
  viewer.on('root.set', () => { if (!settingRoot) following = false; });
  // the diagram's own focusable surface needs a name; the text list next to it says what is active
  canvas.getContainer().querySelector('svg')?.setAttribute('aria-label', 'Procesmodel van de zaak; de actieve stappen staan ook in de tekst onder het model');

  const shapes = ids => ids.map(id => registry.get(id)).filter(e => e && !e.labelTarget);
  const ancestors = element => {
    const result = [];
    for (let parent = element.businessObject.$parent; parent && parent.$type !== 'bpmn:Process'; parent = parent.$parent)
      if (registry.get(parent.id)) result.push(parent.id);
    return result;
  };

  /** The active elements that hold no other active element (a sub-process with active work inside is "contains"). */
  function leaves(actief) {
    const active = shapes(actief);
    const containers = new Set(active.flatMap(ancestors));
    return { leaves: active.filter(e => !containers.has(e.id)), containers };
  }

  /** Draws the state; returns the names of the active elements (for the text alternative). */
  function show({ actief = [], afgerond = [] }) {
    for (const [ id, marker ] of marked) canvas.removeMarker(id, marker);
    overlays.remove({ type: 'verzuim-status' });
    marked = [];
    const mark = (id, marker) => { canvas.addMarker(id, marker); marked.push([ id, marker ]); };
    const { leaves: active, containers } = leaves(actief);
    for (const element of shapes(afgerond)) {
      if (actief.includes(element.id) || containers.has(element.id)) continue;
      mark(element.id, DONE);
      overlays.add(element, 'verzuim-status', { position: { top: -10, right: 8 }, html: el('span', { class: 'diagram-badge diagram-badge-done' }, '✓') });
    }
    for (const element of active) {
      mark(element.id, ACTIVE);
      overlays.add(element, 'verzuim-status', { position: { bottom: 8, left: -8 }, html: el('span', { class: 'diagram-badge diagram-badge-active' }, 'nu') });
    }
    for (const id of containers) mark(id, CONTAINS_ACTIVE);
    // tasks first: they are what people do next
    return [ ...active ].sort((a, b) => Number(/Task$/.test(b.type)) - Number(/Task$/.test(a.type))).map(e => e.businessObject.name || e.id);
  }

  /** Shows the plane holding the most deeply nested active task (the protocol step), unless the user went elsewhere. */
  function followActive(actief, force = false) {
    if (force) following = true;
    if (!following) return;
    const { leaves: active } = leaves(actief);
    if (active.length === 0) return;
    const depth = e => ancestors(e).length + (/Task$/.test(e.type) ? 0.5 : 0);
    const target = active.reduce((best, e) => depth(e) > depth(best) ? e : best);
    const root = canvas.findRoot(target);
    // a live update keeps the user's zoom unless the step moved to another plane
    if (root === canvas.getRootElement() && fitted && !force) return;
    settingRoot = true;
    try { canvas.setRootElement(root); } finally { settingRoot = false; }
    canvas.zoom('fit-viewport', 'auto');
    fitted = true;
  }

  return {
    viewer,
    show,
    followActive,
    fit: () => canvas.zoom('fit-viewport', 'auto'),
    zoom: step => canvas.zoom(canvas.zoom() * step),
    top: () => {
      canvas.setRootElement(canvas.getRootElements().find(r => !r.id.endsWith('_plane')) || canvas.getRootElements()[0]);
      canvas.zoom('fit-viewport', 'auto');
    },
    destroy: () => viewer.destroy(),
  };
}

/** The same interface when the model has no drawing: a note in the canvas, active elements named from the XML. */
async function withoutDrawing(viewer, container, xml) {
  const names = new Map();
  try {
    const { rootElement } = await viewer.get('moddle').fromXML(xml);
    const visit = element => {
      for (const child of [ ...(element.rootElements || []), ...(element.flowElements || []) ]) {
        if (child.id) names.set(child.id, child.name || child.id);
        visit(child);
      }
    };
    visit(rootElement);
  } catch { /* the ids are names enough */ }
  viewer.destroy();
  container.replaceChildren(el('p', { class: 'diagram-ontbreekt' }, 'Dit procesmodel heeft geen tekening; de stappen staan in de tekst hieronder.'));
  const nothing = () => {};
  return {
    viewer: null,
    show: ({ actief = [] }) => actief.map(id => names.get(id) || id),
    followActive: nothing, fit: nothing, zoom: nothing, top: nothing, destroy: nothing,
  };
}
