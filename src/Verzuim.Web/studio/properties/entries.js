// Small building blocks for the verzuim properties: text, select and checkbox entries bound to one moddle property,
// and add/remove of verzuim:* extension elements, each as one undoable command.
import { TextFieldEntry, TextAreaEntry, SelectEntry, CheckboxEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';

function updateCommand(element, moddleElement, properties) {
  return { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties } };
}

function useUpdate(element) {
  const commandStack = useService('commandStack');
  return (moddleElement, properties) =>
    commandStack.execute('element.updateModdleProperties', { element, moddleElement, properties });
}

/** Text field for `property` of `target` (default: the element's business object); empty removes the attribute. */
export function PropertyText(props) {
  const { element, id, label, property, description, validate, placeholder } = props;
  const target = props.target || getBusinessObject(element);
  const debounce = useService('debounceInput');
  const update = useUpdate(element);
  return TextFieldEntry({
    element, id, label, description, validate, debounce, placeholder,
    getValue: () => target.get(property) || '',
    setValue: value => update(target, { [property]: value || undefined }),
  });
}

export function PropertyTextArea(props) {
  const { element, id, label, property, description, rows = 2 } = props;
  const target = props.target || getBusinessObject(element);
  const debounce = useService('debounceInput');
  const update = useUpdate(element);
  return TextAreaEntry({
    element, id, label, description, debounce, rows, monospace: true,
    getValue: () => target.get(property) || '',
    setValue: value => update(target, { [property]: value || undefined }),
  });
}

export function PropertySelect(props) {
  const { element, id, label, property, options, description } = props;
  const target = props.target || getBusinessObject(element);
  const update = useUpdate(element);
  return SelectEntry({
    element, id, label, description,
    getValue: () => target.get(property) || '',
    setValue: value => update(target, { [property]: value || undefined }),
    getOptions: () => options,
  });
}

export function PropertyCheckbox(props) {
  const { element, id, label, property } = props;
  const target = props.target || getBusinessObject(element);
  const update = useUpdate(element);
  return CheckboxEntry({
    element, id, label,
    getValue: () => !!target.get(property),
    setValue: value => update(target, { [property]: value || undefined }),
  });
}

export function extensionsOf(bo, type) {
  const extensions = bo.get('extensionElements');
  return extensions ? extensions.get('values').filter(value => is(value, type)) : [];
}

/** Adds a new verzuim:* element to the element's extensionElements (created when missing). */
export function addExtension(injector, element, type, properties) {
  const bpmnFactory = injector.get('bpmnFactory');
  const commandStack = injector.get('commandStack');
  const bo = getBusinessObject(element);
  const commands = [];
  let extensions = bo.get('extensionElements');
  if (!extensions) {
    extensions = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    extensions.$parent = bo;
    commands.push(updateCommand(element, bo, { extensionElements: extensions }));
  }
  const created = bpmnFactory.create(type, properties);
  created.$parent = extensions;
  commands.push(updateCommand(element, extensions, { values: [ ...extensions.get('values'), created ] }));
  commandStack.execute('properties-panel.multi-command-executor', commands);
  return created;
}

export function removeExtension(injector, element, item) {
  const bo = getBusinessObject(element);
  const extensions = bo.get('extensionElements');
  const values = extensions.get('values').filter(value => value !== item);
  // an empty <bpmn:extensionElements/> is noise in the file
  injector.get('commandStack').execute('element.updateModdleProperties', values.length
    ? { element, moddleElement: extensions, properties: { values } }
    : { element, moddleElement: bo, properties: { extensionElements: undefined } });
}

export { updateCommand };
