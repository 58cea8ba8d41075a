// verzuim:output (assignments when a node completes) and verzuim:input (variables for a call activity's child case).
import { ListGroup } from '@bpmn-io/properties-panel';
import { getBusinessObject } from 'bpmn-js/lib/util/ModelUtil.js';
import { PropertyText, extensionsOf, addExtension, removeExtension } from './entries.js';

export function mappingGroup(element, injector, kind) {
  const type = kind === 'output' ? 'verzuim:Output' : 'verzuim:Input';
  const mappings = extensionsOf(getBusinessObject(element), type);
  return {
    id: `verzuim-${kind}s`,
    label: kind === 'output' ? 'Toewijzingen bij afronden' : 'Invoer voor de deelzaak',
    component: ListGroup,
    element,
    add: event => {
      event.stopPropagation();
      addExtension(injector, element, type, { target: '', expression: '' });
    },
    items: mappings.map((mapping, index) => {
      const idPrefix = `${element.id}-${kind}-${index}`;
      return {
        id: idPrefix,
        label: mapping.get('target') ? `${mapping.get('target')} = ${mapping.get('expression') || ''}` : `Toewijzing ${index + 1}`,
        entries: [
          { id: `${idPrefix}-target`, component: PropertyText, element, label: 'Doelvariabele', property: 'target', target: mapping },
          { id: `${idPrefix}-expression`, component: PropertyText, element, label: 'Expressie', property: 'expression', target: mapping,
            description: 'JavaScript over de zaakvariabelen en het resultaat van het element, bijvoorbeeld teller + 1.' },
        ],
        autoFocusEntry: `${idPrefix}-target`,
        remove: () => removeExtension(injector, element, mapping),
      };
    }),
  };
}
