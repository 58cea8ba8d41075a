// Simulation in the studio: run the draft on a scenario (POST /api/definitions/simulate) and show the path on the
// diagram — visited elements and the flows between them highlighted, each with the dates of its steps — next to a
// timeline table.
import { api } from '../shared/api.js';
import { el, formatDate, formatDateTime, announce } from './dom.js';

export const KIND_LABELS = {
  InstanceStarted: 'Zaak gestart', ActivityStarted: 'Gestart', ActivityCompleted: 'Afgerond', ActivityCancelled: 'Afgebroken',
  TaskCreated: 'Taak aangemaakt', TaskCompleted: 'Taak afgerond', TimerScheduled: 'Timer gezet', TimerFired: 'Timer afgegaan',
  MessageCorrelated: 'Bericht ontvangen', MessagePublished: 'Bericht verstuurd', Incident: 'Incident', InstanceCompleted: 'Zaak afgerond',
  MessageUnmatched: 'Bericht zonder zaak', MessageBuffered: 'Bericht bewaard',
};

const STATUS_LABELS = { Running: 'loopt nog', Incident: 'incident', Completed: 'afgerond', Terminated: 'beëindigd' };

// what counts as "the case went through here"; TimerScheduled only announces a possible future
const PATH_KINDS = new Set([ 'ActivityStarted', 'ActivityCompleted', 'TaskCreated', 'TaskCompleted', 'TimerFired', 'MessageCorrelated', 'MessagePublished', 'Incident' ]);
const MARKER = 'verzuim-sim-path';
const MARKER_FLOW = 'verzuim-sim-flow';
const MARKER_INCIDENT = 'verzuim-sim-incident';

/** Per element id: the steps (index, entry) of the timeline that concern it, in order. */
export function stepsByElement(timeline) {
  const steps = new Map();
  timeline.forEach((entry, index) => {
    if (!entry.id || !PATH_KINDS.has(entry.kind)) return;
    if (!steps.has(entry.id)) steps.set(entry.id, []);
    steps.get(entry.id).push({ index: index + 1, entry });
  });
  return steps;
}

export class SimulationView {
  constructor(modeler, { processId, getXml }) {
    this.modeler = modeler;
    this.processId = processId;
    this.getXml = getXml;
    this.marked = [];
    this.root = el('div', { class: 'simulation' });
  }

  async render() {
    const scenarios = await api(`/api/definitions/scenarios?processId=${encodeURIComponent(this.processId)}`).catch(() => []);
    this.scenarios = scenarios;
    const select = el('select', { id: 'sim-scenario' },
      el('option', { value: '' }, scenarios.length ? '(kies een voorbeeldscenario)' : '(geen voorbeeldscenario’s: schrijf er zelf een)'),
      scenarios.map((s, i) => el('option', { value: String(i) }, s.naam)));
    const about = el('p', { class: 'muted', id: 'sim-about' });
    const text = el('textarea', { id: 'sim-json', rows: 10, spellcheck: 'false', class: 'code' });
    select.addEventListener('change', () => {
      const chosen = scenarios[Number(select.value)];
      about.textContent = chosen?.omschrijving || '';
      text.value = chosen ? JSON.stringify(chosen.scenario, null, 2) : '';
    });
    this.result = el('div', { class: 'sim-result', 'aria-live': 'polite' });
    this.root.replaceChildren(
      el('p', {}, 'Draai dit concept op een scenario: virtuele tijd met de schoolkalender van het scenario, niets wordt opgeslagen. Het pad verschijnt in het diagram met de datum van elke stap.'),
      el('label', { for: 'sim-scenario' }, 'Scenario'), select, about,
      el('label', { for: 'sim-json' }, 'Scenario (JSON in het simulate-formaat)'), text,
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', class: 'primary', id: 'sim-run', onclick: () => this.run(text.value) }, 'Simulatie starten'),
        el('button', { type: 'button', onclick: () => this.clear() }, 'Pad wissen')),
      this.result);
    if (scenarios.length) { select.value = '0'; select.dispatchEvent(new Event('change')); }
    return this.root;
  }

  async run(json) {
    let scenario;
    try { scenario = JSON.parse(json); } catch (error) {
      this.result.replaceChildren(el('p', { class: 'error', role: 'alert' }, `Het scenario is geen geldige JSON: ${error.message}`));
      return;
    }
    this.result.replaceChildren(el('p', {}, 'Simulatie loopt…'));
    try {
      const xml = await this.getXml();
      const outcome = await api('/api/definitions/simulate', { method: 'POST', json: { xml, scenario } });
      this.show(outcome);
      announce(`Simulatie klaar: ${outcome.timeline.length} stappen.`, 'ok');
    } catch (error) {
      this.clear();
      this.result.replaceChildren(el('p', { class: 'error', role: 'alert' }, `De simulatie kon niet draaien: ${error.message}`));
    }
  }

  clear() {
    const canvas = this.modeler.get('canvas');
    for (const [ id, marker ] of this.marked) if (this.modeler.get('elementRegistry').get(id)) canvas.removeMarker(id, marker);
    this.marked = [];
    this.modeler.get('overlays').remove({ type: 'verzuim-simulation' });
  }

  mark(id, marker) {
    if (!this.modeler.get('elementRegistry').get(id)) return;
    this.modeler.get('canvas').addMarker(id, marker);
    this.marked.push([ id, marker ]);
  }

  show({ timeline, instances }) {
    this.clear();
    const registry = this.modeler.get('elementRegistry');
    const overlays = this.modeler.get('overlays');
    const steps = stepsByElement(timeline);
    for (const [ id, list ] of steps) {
      const element = registry.get(id);
      if (!element) continue; // an element of a called process (e.g. duo-melding)
      this.mark(id, list.some(s => s.entry.kind === 'Incident') ? MARKER_INCIDENT : MARKER);
      const dates = [ ...new Set(list.map(s => formatDate(s.entry.at))) ];
      overlays.add(id, 'verzuim-simulation', {
        position: { bottom: element.waypoints ? 0 : -4, left: 0 },
        html: el('div', { class: 'sim-badge', title: list.map(s => `${s.index}. ${KIND_LABELS[s.entry.kind] || s.entry.kind} ${formatDateTime(s.entry.at)}`).join('\n') },
          `${list[0].index}. ${dates.slice(0, 2).join(', ')}${dates.length > 2 ? ` +${dates.length - 2}` : ''}`),
      });
    }
    // a flow was taken when both its ends were: enough to read the path on the diagram
    for (const element of registry.filter(e => e.type === 'bpmn:SequenceFlow')) {
      const flow = element.businessObject;
      if (steps.has(flow.sourceRef?.id) && steps.has(flow.targetRef?.id)) this.mark(element.id, MARKER_FLOW);
    }

    const rows = timeline.map((entry, index) => el('tr', {
      class: entry.kind === 'Incident' ? 'incident' : '', 'data-kind': entry.kind, 'data-element-id': entry.id, 'data-at': entry.at, 'data-due': entry.due,
    },
      el('td', { class: 'number' }, index + 1),
      el('td', {}, formatDateTime(entry.at)),
      el('td', {}, KIND_LABELS[entry.kind] || entry.kind),
      el('td', {}, entry.id && registry.get(entry.id)
        ? el('button', { type: 'button', class: 'link', onclick: () => this.focus(entry.id) }, entry.name || entry.id)
        : (entry.name || entry.id || entry.process || '')),
      el('td', {}, entry.role || entry.message || entry.detail || ''),
      el('td', {}, entry.due ? formatDateTime(entry.due) : '')));
    // the simulation deploys this file afresh, so its own version number means nothing; say which model it was
    const own = new Set(this.modeler.getDefinitions().rootElements.filter(e => e.$type === 'bpmn:Process').map(p => p.id));
    const ends = (instances || []).map(i => `${i.process} (${own.has(i.process) ? 'dit model' : 'gepubliceerde versie'}): ${STATUS_LABELS[i.status] || i.status}`).join('; ');
    this.result.replaceChildren(
      el('p', { class: 'sim-summary' }, `${timeline.length} stappen. ${ends}`),
      el('table', { class: 'timeline' },
        el('caption', {}, 'Tijdlijn van de simulatie'),
        el('thead', {}, el('tr', {}, [ '#', 'Moment', 'Gebeurtenis', 'Element', 'Rol / bericht', 'Vervalt' ].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows)));
  }

  focus(id) {
    const element = this.modeler.get('elementRegistry').get(id);
    if (!element) return;
    this.modeler.get('canvas').scrollToElement(element);
    this.modeler.get('selection').select(element);
  }
}
