// verzuim:completeOn on a user task: a message (e.g. GesprekGehouden) that completes the open task, with an optional
// condition over the message data and case variables (docs/bpmn-extensions.md).
import { ListGroup } from '@bpmn-io/properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import { PropertyText, extensionsOf, addExtension, removeExtension } from './entries.js';

const TYPE = 'verzuim:CompleteOn';

function messageNames(element) {
  let definitions = getBusinessObject(element);
  while (definitions && !is(definitions, 'bpmn:Definitions')) definitions = definitions.$parent;
  return (definitions?.rootElements || []).filter(e => is(e, 'bpmn:Message')).map(m => m.name).filter(Boolean);
}

export function completeOnGroup(element, injector) {
  const items = extensionsOf(getBusinessObject(element), TYPE);
  const known = messageNames(element);
  return {
    id: 'verzuim-complete-on',
    label: 'Afronden door bericht',
    component: ListGroup,
    element,
    add: event => {
      event.stopPropagation();
      addExtension(injector, element, TYPE, { message: known.includes('GesprekGehouden') ? 'GesprekGehouden' : '' });
    },
    items: items.map((item, index) => {
      const idPrefix = `${element.id}-complete-on-${index}`;
      return {
        id: idPrefix,
        label: item.get('message') ? `${item.get('message')}${item.get('condition') ? ` als ${item.get('condition')}` : ''}` : `Bericht ${index + 1}`,
        entries: [
          { id: `${idPrefix}-message`, component: PropertyText, element, label: 'Bericht', property: 'message', target: item,
            validate: value => known.includes((value || '').trim()) ? null : `Geen bericht met deze naam in het model (${known.join(', ') || 'geen berichten'}).`,
            description: 'De naam van een bericht uit dit model; de correlatiesleutel van dat bericht geldt.' },
          { id: `${idPrefix}-condition`, component: PropertyText, element, label: 'Voorwaarde', property: 'condition', target: item,
            description: "Optioneel, JavaScript over de berichtgegevens en zaakvariabelen, bijvoorbeeld soort === 'mentor'." },
        ],
        autoFocusEntry: `${idPrefix}-message`,
        remove: () => removeExtension(injector, element, item),
      };
    }),
  };
}
