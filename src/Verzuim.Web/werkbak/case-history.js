// The case's history of step, regie and feedback date: every value each had, when it was set and by whom (the task
// completion, message or timer that set it). The API derives it from the timeline; the last value is the current one.
import { el, time, formatDay, table } from './dom.js';
import { messageLabels } from './labels.js';

const SUBJECTS = [
  { key: 'stap', label: 'Stap', empty: 'Nog geen stap aangegeven.' },
  { key: 'regievoerder', label: 'Regie', empty: 'Nog geen regievoerder vastgelegd.' },
  { key: 'terugkoppelingsdatum', label: 'Terugkoppeldatum', empty: 'Nog geen terugkoppeldatum vastgelegd.' },
];

export function renderHistory(container, history) {
  container.replaceChildren(...SUBJECTS.map(subject => {
    const rows = (history || []).filter(h => h.onderwerp === subject.key);
    return el('div', { class: 'history-subject', 'data-onderwerp': subject.key }, table({
      caption: `${subject.label}: ${rows.length === 1 ? '1 waarde' : `${rows.length} waarden`}, oudste eerst`,
      empty: subject.empty,
      className: 'data history',
      columns: [
        { label: subject.label, rowHeader: true, value: (h) => [ valueText(subject.key, h.waarde), h === rows.at(-1) ? el('span', { class: 'badge badge-current' }, 'huidig') : null ] },
        { label: 'Sinds', value: h => time(h.op) },
        { label: 'Door', value: h => who(h) },
        { label: 'Via', value: h => h.via ? (h.bron === 'bericht' ? messageLabels[h.via] || h.via : h.via) : '–' },
      ],
      rows,
    }));
  }));
}

function valueText(key, value) {
  if (value === null || value === undefined) return 'leeggemaakt';
  if (key === 'terugkoppelingsdatum' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  return value;
}

function who(h) {
  switch (h.bron) {
    case 'taak': return h.door || 'onbekend';
    case 'bericht': return 'bericht (systeem)';
    case 'timer': return 'termijn verstreken (timer)';
    case 'start': return 'bij het openen van de zaak';
    default: return 'systeem of beheerder';
  }
}
