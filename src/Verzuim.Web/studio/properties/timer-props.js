// Timer of a timer event: the kind (duration, date, cycle) and the text, in school time or ISO 8601, checked as
// the engine parses it. Replaces the standard timer group, whose help text only knows ISO 8601.
import { SelectEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { checkTimer } from '../school-time.js';

const KINDS = [
  { value: 'timeDuration', label: 'Duur (na het bereiken van de gebeurtenis)' },
  { value: 'timeDate', label: 'Tijdstip' },
  { value: 'timeCycle', label: 'Herhaling' },
];

export const kindOf = definition => KINDS.map(k => k.value).find(kind => definition.get(kind));

function TimerKind(props) {
  const { element, definition } = props;
  const commandStack = useService('commandStack');
  const bpmnFactory = useService('bpmnFactory');
  return SelectEntry({
    element,
    id: 'verzuim-timer-kind',
    label: 'Soort tijd',
    getValue: () => kindOf(definition) || '',
    getOptions: () => [ { value: '', label: '(geen)' }, ...KINDS ],
    setValue: value => {
      const current = kindOf(definition);
      if (value === current) return;
      // keep the text when switching kinds, so "4 schoolweken" is not lost by a wrong click
      const text = current ? definition.get(current).get('body') : undefined;
      const properties = { timeDuration: undefined, timeDate: undefined, timeCycle: undefined };
      if (value) {
        const expression = bpmnFactory.create('bpmn:FormalExpression', { body: text });
        expression.$parent = definition;
        properties[value] = expression;
      }
      commandStack.execute('element.updateModdleProperties', { element, moddleElement: definition, properties });
    },
  });
}

function TimerText(props) {
  const { element, definition } = props;
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const kind = kindOf(definition);
  const expression = definition.get(kind);
  return TextFieldEntry({
    element,
    id: 'verzuim-timer-value',
    label: 'Tijd',
    debounce,
    description: 'Schooltijd: 4 schoolweken, 7 schooldagen (vakanties en studiedagen tellen niet). ISO 8601: P2W, PT36H, 2026-03-15, R3/1 schoolweek. Of =expressie.',
    validate: value => checkTimer(kind, value),
    getValue: () => expression.get('body') || '',
    setValue: value => commandStack.execute('element.updateModdleProperties', {
      element, moddleElement: expression, properties: { body: value },
    }),
  });
}

export function timerEntries(element, definition) {
  const entries = [ { id: 'verzuim-timer-kind', component: TimerKind, definition } ];
  if (kindOf(definition)) entries.push({ id: 'verzuim-timer-value', component: TimerText, definition });
  return entries;
}
