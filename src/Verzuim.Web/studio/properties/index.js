// Properties panel provider for this engine's extensions (urn:verzuim:bpmn:1): replaces the standard message and
// timer groups with contract-aware and school-time-aware ones and adds task, form, mapping and condition groups.
import { Group } from '@bpmn-io/properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import { timerEntries } from './timer-props.js';
import { messageEntries } from './message-props.js';
import { userTaskEntries } from './task-props.js';
import { formGroup } from './form-props.js';
import { mappingGroup } from './mapping-props.js';
import { completeOnGroup } from './complete-on-props.js';
import { conditionEntries, verzuimEntries } from './flow-props.js';

// The access roles plus the task roles the shipped models use; suggestions only, a school may add its own.
const KNOWN_ROLES = [ 'zorgcoordinator', 'kernteamlid', 'leerplichtambtenaar', 'voorzitterActietafel', 'jeugdarts', 'mentor', 'verzuimcoordinator' ];

const LOW_PRIORITY = 500;

function group(id, label, entries, element) {
  return entries.length ? { id, label, component: Group, entries: entries.map(entry => ({ ...entry, element })) } : null;
}

function rolesInModel(elementRegistry) {
  const roles = new Set();
  for (const element of elementRegistry.getAll()) {
    const role = getBusinessObject(element).get?.('verzuim:candidateRole');
    if (role) roles.add(role);
  }
  return [ ...roles ];
}

export default class VerzuimPropertiesProvider {
  static $inject = [ 'propertiesPanel', 'injector', 'elementRegistry' ];

  constructor(propertiesPanel, injector, elementRegistry) {
    this._injector = injector;
    this._elementRegistry = elementRegistry;
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element) {
    return groups => {
      const bo = getBusinessObject(element);
      const ours = [];
      const timer = (bo.get('eventDefinitions') || []).find(d => is(d, 'bpmn:TimerEventDefinition'));
      if (timer) ours.push(group('verzuim-timer', 'Timer', timerEntries(element, timer), element));
      ours.push(group('verzuim-message', 'Bericht', messageEntries(element), element));
      if (is(bo, 'bpmn:UserTask')) {
        const roles = [ ...new Set([ ...rolesInModel(this._elementRegistry), ...KNOWN_ROLES ]) ];
        ours.push(group('verzuim-task', 'Taak', userTaskEntries(element, roles), element));
        ours.push(formGroup(element, this._injector));
        ours.push(completeOnGroup(element, this._injector));
      }
      ours.push(group('verzuim-condition', 'Voorwaarde', conditionEntries(element), element));
      ours.push(group('verzuim-verzuim', 'Verzuim', verzuimEntries(element), element));
      if (is(bo, 'bpmn:CallActivity')) ours.push(mappingGroup(element, this._injector, 'input'));
      if (is(bo, 'bpmn:FlowNode')) ours.push(mappingGroup(element, this._injector, 'output'));

      // the standard message and timer groups only know plain BPMN: ours replace them
      const kept = groups.filter(g => g.id !== 'message' && g.id !== 'timer');
      const general = kept.findIndex(g => g.id === 'general');
      kept.splice(general + 1, 0, ...ours.filter(Boolean));
      return kept;
    };
  }
}

export const verzuimPropertiesModule = {
  __init__: [ 'verzuimPropertiesProvider' ],
  verzuimPropertiesProvider: [ 'type', VerzuimPropertiesProvider ],
};
