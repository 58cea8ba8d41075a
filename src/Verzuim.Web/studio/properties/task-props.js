// User tasks: who may claim them (candidate role), by when (due date in school time, ISO 8601 or a date) and the
// question the werkbak asks before completing (verzuim:bevestiging).
import { PropertyText } from './entries.js';
import { checkDueDate } from '../school-time.js';

function CandidateRole(props) {
  return PropertyText({
    ...props,
    id: 'verzuim-candidate-role',
    label: 'Rol',
    property: 'verzuim:candidateRole',
    validate: value => (value || '').trim() ? null : 'Een gebruikerstaak heeft een rol nodig.',
    description: `Wie de taak mag oppakken, bijvoorbeeld ${props.roles.slice(0, 6).join(', ')}.`,
  });
}

function DueDate(props) {
  return PropertyText({
    ...props,
    id: 'verzuim-due-date',
    label: 'Vervaldatum',
    property: 'verzuim:dueDate',
    validate: checkDueDate,
    description: 'Duur vanaf het aanmaken van de taak (5 schooldagen, 4 schoolweken, P2W), een datum, of =expressie. Leeg: geen vervaldatum.',
  });
}

function Confirmation(props) {
  return PropertyText({
    ...props,
    id: 'verzuim-bevestiging',
    label: 'Bevestiging vóór afronden',
    property: 'verzuim:bevestiging',
    description: 'Vraag die de werkbak stelt voordat de taak wordt afgerond, bijvoorbeeld "Hiermee gaat de zaak naar stap 2. Doorgaan?". Leeg: geen vraag.',
  });
}

export function userTaskEntries(element, roles) {
  return [
    { id: 'verzuim-candidate-role', component: CandidateRole, roles },
    { id: 'verzuim-due-date', component: DueDate },
    { id: 'verzuim-bevestiging', component: Confirmation },
  ];
}
