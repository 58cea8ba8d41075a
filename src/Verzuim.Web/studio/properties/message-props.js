// Messages: the name is picked from the contracts (incoming for what the model waits for, outgoing for what it
// publishes), the correlation key sits on the shared bpmn:message, the payload on the element that publishes.
import { SelectEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import { PropertyText, updateCommand } from './entries.js';

/** Where the message reference lives for this element, and which way the message goes; null when none. */
export function messageHolder(element) {
  const bo = getBusinessObject(element);
  if (is(bo, 'bpmn:ReceiveTask')) return { holder: bo, incoming: true };
  if (is(bo, 'bpmn:SendTask')) return { holder: bo, incoming: false };
  const definition = (bo.get('eventDefinitions') || []).find(d => is(d, 'bpmn:MessageEventDefinition'));
  if (definition) return { holder: definition, incoming: is(bo, 'bpmn:CatchEvent') };
  return null;
}

function nameOptions(names, current) {
  const options = [ { value: '', label: '(kies een bericht)' }, ...names.map(name => ({ value: name, label: name })) ];
  if (current && !names.includes(current)) options.push({ value: current, label: `${current} (niet in de contracten)` });
  return options;
}

function MessageName(props) {
  const { element, holder, incoming } = props;
  const bpmnjs = useService('bpmnjs');
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const contracts = useService('config.verzuim').contracts() || { inkomend: [], uitgaand: [] };
  const names = incoming ? contracts.inkomend : contracts.uitgaand;
  return SelectEntry({
    element,
    id: 'verzuim-message-name',
    label: incoming ? 'Bericht (inkomend)' : 'Bericht (uitgaand)',
    description: incoming ? 'Het contractbericht waarop dit element wacht.' : 'Het contractbericht dat dit element publiceert.',
    getValue: () => holder.get('messageRef')?.name || '',
    getOptions: () => nameOptions(names, holder.get('messageRef')?.name),
    setValue: name => {
      if (!name) {
        commandStack.execute('element.updateModdleProperties', { element, moddleElement: holder, properties: { messageRef: undefined } });
        return;
      }
      // one bpmn:message per name, shared by every element of the file that uses it
      const definitions = bpmnjs.getDefinitions();
      const commands = [];
      let message = definitions.get('rootElements').find(root => is(root, 'bpmn:Message') && root.name === name);
      if (!message) {
        message = bpmnFactory.create('bpmn:Message', { name });
        message.$parent = definitions;
        const key = incoming ? 'leerlingId' : undefined;
        if (key) message.set('verzuim:correlationKey', key);
        commands.push(updateCommand(element, definitions, { rootElements: [ ...definitions.get('rootElements'), message ] }));
      }
      commands.push(updateCommand(element, holder, { messageRef: message }));
      commandStack.execute('properties-panel.multi-command-executor', commands);
    },
  });
}

function ServiceMessageName(props) {
  const { element } = props;
  const commandStack = useService('commandStack');
  const contracts = useService('config.verzuim').contracts() || { uitgaand: [] };
  const bo = getBusinessObject(element);
  return SelectEntry({
    element,
    id: 'verzuim-message-name',
    label: 'Bericht (uitgaand)',
    description: 'Het contractbericht dat deze servicetaak publiceert (verzuim:message).',
    getValue: () => bo.get('verzuim:message') || '',
    getOptions: () => nameOptions(contracts.uitgaand, bo.get('verzuim:message')),
    setValue: value => commandStack.execute('element.updateModdleProperties', {
      element, moddleElement: bo, properties: { 'verzuim:message': value || undefined },
    }),
  });
}

function CorrelationKey(props) {
  return PropertyText({
    ...props,
    id: 'verzuim-correlation-key',
    label: 'Correlatiesleutel',
    property: 'verzuim:correlationKey',
    target: props.message,
    description: `Expressie over de zaakvariabelen, bijvoorbeeld leerlingId. Geldt voor elk element met bericht '${props.message.name}'. Leeg: elk bericht met deze naam.`,
  });
}

function Payload(props) {
  return PropertyText({
    ...props,
    id: 'verzuim-payload',
    label: 'Inhoud van het bericht',
    property: 'verzuim:payload',
    description: "Expressie, bijvoorbeeld ({ leerlingId, reden: 'relatief verzuim' }); alleen wat hier staat verlaat de engine.",
  });
}

export function messageEntries(element) {
  const bo = getBusinessObject(element);
  const entries = [];
  let publishes = false;
  if (is(bo, 'bpmn:ServiceTask')) {
    entries.push({ id: 'verzuim-message-name', component: ServiceMessageName });
    publishes = true;
  } else {
    const found = messageHolder(element);
    if (!found) return entries;
    entries.push({ id: 'verzuim-message-name', component: MessageName, holder: found.holder, incoming: found.incoming });
    const message = found.holder.get('messageRef');
    if (message) entries.push({ id: 'verzuim-correlation-key', component: CorrelationKey, message });
    publishes = !found.incoming;
  }
  if (publishes) entries.push({ id: 'verzuim-payload', component: Payload });
  return entries;
}
