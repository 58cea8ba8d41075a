// The form of a user task: verzuim:formField elements (id = the variable the answer goes to), enum choices as
// verzuim:value children, edited as "id = naam" lines.
import { ListGroup, TextAreaEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject } from 'bpmn-js/lib/util/ModelUtil.js';
import { PropertyText, PropertySelect, PropertyCheckbox, extensionsOf, addExtension, removeExtension } from './entries.js';

const TYPES = [ 'string', 'text', 'boolean', 'date', 'number', 'enum' ].map(value => ({ value, label: {
  string: 'tekst (één regel)', text: 'tekst (meer regels)', boolean: 'ja/nee', date: 'datum', number: 'getal', enum: 'keuze',
}[value] }));

export const formatChoices = field => (field.get('values') || []).map(v => `${v.id} = ${v.name || ''}`).join('\n');

export function parseChoices(text) {
  return text.split('\n').map(line => line.trim()).filter(Boolean).map(line => {
    const at = line.indexOf('=');
    const id = (at < 0 ? line : line.slice(0, at)).trim();
    const name = (at < 0 ? line : line.slice(at + 1)).trim();
    return { id, name };
  });
}

function Choices(props) {
  const { element, field, idPrefix } = props;
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  return TextAreaEntry({
    element,
    id: `${idPrefix}-values`,
    label: 'Keuzes (één per regel: id = omschrijving)',
    debounce,
    rows: 3,
    getValue: () => formatChoices(field),
    setValue: text => {
      const values = parseChoices(text || '').map(({ id, name }) => {
        const value = bpmnFactory.create('verzuim:Value', { id, name });
        value.$parent = field;
        return value;
      });
      commandStack.execute('element.updateModdleProperties', { element, moddleElement: field, properties: { values } });
    },
  });
}

function fieldEntries(element, field, idPrefix) {
  const entries = [
    { id: `${idPrefix}-id`, component: PropertyText, label: 'Variabele (id)', property: 'id', target: field },
    { id: `${idPrefix}-label`, component: PropertyText, label: 'Label', property: 'label', target: field },
    { id: `${idPrefix}-type`, component: PropertySelect, label: 'Type', property: 'type', target: field, options: TYPES },
    { id: `${idPrefix}-required`, component: PropertyCheckbox, label: 'Verplicht', property: 'required', target: field },
  ];
  if (field.get('type') === 'enum') entries.push({ id: `${idPrefix}-values`, component: Choices, field, idPrefix });
  return entries.map(entry => ({ ...entry, element }));
}

export function formGroup(element, injector) {
  const fields = extensionsOf(getBusinessObject(element), 'verzuim:FormField');
  return {
    id: 'verzuim-form',
    label: 'Formulier',
    component: ListGroup,
    element,
    add: event => {
      event.stopPropagation();
      addExtension(injector, element, 'verzuim:FormField', { id: `veld${fields.length + 1}`, label: '', type: 'string' });
    },
    items: fields.map((field, index) => {
      const idPrefix = `${element.id}-formField-${index}`;
      return {
        id: idPrefix,
        label: field.get('label') || field.get('id') || `Veld ${index + 1}`,
        entries: fieldEntries(element, field, idPrefix),
        autoFocusEntry: `${idPrefix}-id`,
        remove: () => removeExtension(injector, element, field),
      };
    }),
  };
}
