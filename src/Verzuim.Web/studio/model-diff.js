// What changed between two versions of a model, per element: bpmn-js-differ for names, attributes, added, removed
// and moved elements, plus our own comparison of what it does not look into (timer texts, conditions, messages and
// verzuim:* extension elements), which is exactly what a process owner changes most.
import { diff } from 'bpmn-js-differ';
import { is } from 'bpmn-js/lib/util/ModelUtil.js';

function flowElementsById(definitions) {
  const byId = new Map();
  const visit = container => {
    for (const element of container.flowElements || []) {
      byId.set(element.id, element);
      visit(element);
    }
  };
  for (const root of definitions.rootElements || []) {
    if (is(root, 'bpmn:Process')) { byId.set(root.id, root); visit(root); }
    if (is(root, 'bpmn:Collaboration')) for (const p of root.participants || []) byId.set(p.id, p);
  }
  return byId;
}

const text = value => value === undefined || value === null || value === '' ? '(leeg)' : String(value);

function extensionText(element) {
  const values = element.extensionElements?.values || [];
  return values.map(v => {
    const attrs = Object.entries(v.$attrs || {}).concat(
      (v.$descriptor?.properties || []).filter(p => p.isAttr && v[p.name] !== undefined).map(p => [p.name, v[p.name]]));
    const children = (v.values || []).map(c => `${c.id}=${c.name}`).join(',');
    return `${v.$type}(${attrs.map(([k, x]) => `${k}=${x}`).join(' ')}${children ? ` [${children}]` : ''})`;
  }).join('; ');
}

/** The parts of an element that bpmn-js-differ does not compare, as readable texts by label. */
function details(element) {
  const found = {};
  for (const definition of element.eventDefinitions || []) {
    if (is(definition, 'bpmn:TimerEventDefinition')) {
      for (const kind of [ 'timeDuration', 'timeDate', 'timeCycle' ]) if (definition[kind]) found.Timer = definition[kind].body;
    }
    if (is(definition, 'bpmn:MessageEventDefinition')) found.Bericht = definition.messageRef?.name;
  }
  if (element.messageRef) found.Bericht = element.messageRef.name;
  if (element.conditionExpression) found.Voorwaarde = element.conditionExpression.body;
  const extensions = extensionText(element);
  if (extensions) found['Extensies (formulier, toewijzingen)'] = extensions;
  return found;
}

const ATTRIBUTE_LABELS = {
  name: 'Naam', 'verzuim:candidateRole': 'Rol', candidateRole: 'Rol', 'verzuim:dueDate': 'Vervaldatum', dueDate: 'Vervaldatum',
  'verzuim:stap': 'Protocolstap', stap: 'Protocolstap', calledElement: 'Aangeroepen proces', default: 'Standaardstroom',
};

/**
 * @return {{ id, name, type, kind: 'added'|'removed'|'changed'|'layout', changes: { label, before, after }[] }[]}
 */
export function compareModels(oldDefinitions, newDefinitions) {
  const result = diff(oldDefinitions, newDefinitions);
  const before = flowElementsById(oldDefinitions);
  const after = flowElementsById(newDefinitions);
  const changes = new Map();
  const entry = (id, kind) => {
    const element = after.get(id) || before.get(id);
    if (!changes.has(id)) changes.set(id, { id, name: element?.name || '', type: element?.$type || '', kind, changes: [] });
    return changes.get(id);
  };

  for (const id of Object.keys(result._added)) if (after.has(id)) entry(id, 'added');
  for (const id of Object.keys(result._removed)) if (before.has(id)) entry(id, 'removed');
  for (const [id, change] of Object.entries(result._changed)) {
    if (!before.has(id) || !after.has(id)) continue;
    const e = entry(id, 'changed');
    for (const property of Object.keys(change.attrs)) {
      // read both sides ourselves: which side the differ calls old is not to be relied on
      const read = element => { const v = element.get ? element.get(property) : element[property]; return v?.id ?? v; };
      const was = read(before.get(id)), is_ = read(after.get(id));
      if (typeof was === 'object' || typeof is_ === 'object' || was === is_) continue;
      e.changes.push({ label: ATTRIBUTE_LABELS[property] || property, before: text(was), after: text(is_) });
    }
  }
  for (const [id, element] of after) {
    const old = before.get(id);
    if (!old) continue;
    const a = details(old), b = details(element);
    for (const label of new Set([ ...Object.keys(a), ...Object.keys(b) ])) {
      if (a[label] === b[label]) continue;
      entry(id, 'changed').changes.push({ label, before: text(a[label]), after: text(b[label]) });
    }
  }
  for (const id of Object.keys(result._layoutChanged)) if (after.has(id) && !changes.has(id)) entry(id, 'layout');
  // an element whose only differ-reported change had nothing readable is still listed as changed
  return [ ...changes.values() ];
}
