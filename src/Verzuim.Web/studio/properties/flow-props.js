// Sequence-flow conditions (only on flows leaving an exclusive gateway, as the engine allows), the protocol step a
// node begins (verzuim:stap), a message start event's start condition and a call activity's called process.
import { TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import { PropertyText } from './entries.js';

function Condition(props) {
  const { element } = props;
  const bo = getBusinessObject(element);
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const isDefault = bo.sourceRef?.get('default') === bo;
  return TextFieldEntry({
    element,
    id: 'verzuim-condition',
    label: 'Voorwaarde',
    debounce,
    disabled: isDefault,
    description: isDefault
      ? 'Dit is de standaardstroom: die volgt de zaak als geen voorwaarde waar is.'
      : 'JavaScript dat true of false oplevert, bijvoorbeeld uitkomst === \'3a\'. De eerste ware voorwaarde (in documentvolgorde) wint.',
    getValue: () => bo.get('conditionExpression')?.get('body') || '',
    setValue: value => {
      let expression;
      if (value) {
        expression = bpmnFactory.create('bpmn:FormalExpression', { body: value });
        expression.$parent = bo;
      }
      commandStack.execute('element.updateModdleProperties', { element, moddleElement: bo, properties: { conditionExpression: expression } });
    },
  });
}

export function conditionEntries(element) {
  const bo = getBusinessObject(element);
  if (!is(bo, 'bpmn:SequenceFlow') || !is(bo.sourceRef, 'bpmn:ExclusiveGateway')) return [];
  return [ { id: 'verzuim-condition', component: Condition } ];
}

export function verzuimEntries(element) {
  const bo = getBusinessObject(element);
  const entries = [];
  if (!is(bo, 'bpmn:FlowNode')) return entries;
  entries.push({ id: 'verzuim-stap', component: PropertyText, label: 'Protocolstap', property: 'verzuim:stap',
    description: 'Bij het bereiken van dit element staat de zaak in deze stap (bijvoorbeeld Stap 2); de overzichten groeperen erop.' });
  if (is(bo, 'bpmn:StartEvent') && (bo.get('eventDefinitions') || []).some(d => is(d, 'bpmn:MessageEventDefinition')))
    entries.push({ id: 'verzuim-start-condition', component: PropertyText, label: 'Startvoorwaarde', property: 'verzuim:condition',
      description: is(bo.$parent, 'bpmn:SubProcess') && bo.$parent.triggeredByEvent
        ? 'Alleen als deze expressie waar is start het bericht dit gebeurtenissubproces (berichtgegevens over de zaakvariabelen), bijvoorbeeld signalen.ongeoorloofdUren4Schoolweken >= 16.'
        : 'Alleen als deze expressie waar is opent het bericht een zaak, bijvoorbeeld signalen.ongeoorloofdUren4Schoolweken >= 16.' });
  if (is(bo, 'bpmn:CallActivity'))
    entries.push({ id: 'verzuim-called-element', component: PropertyText, label: 'Aangeroepen proces (id)', property: 'calledElement',
      description: 'De laatst gepubliceerde versie van dit proces start als deelzaak, bijvoorbeeld duo-melding.' });
  return entries;
}
