// One case: summary (step, regie, next kantelpunt), attendance, dossier notes, the diagram with active and completed
// elements, the deadlines, open tasks, what was recorded, the history of step, regie and feedback date, and the
// timeline. A live event for this case refreshes everything in place except the notes (case-notes.js).
import { api } from '../shared/api.js';
import { el, time, formatDateTime, formatDay, announce, table, overdueBadge, deadline, errorText, debounce } from './dom.js';
import { roleLabel, statusLabels, timelineLabels, messageLabels, adviceLabels, modelShort } from './labels.js';
import { createDiagram } from './diagram.js';
import { renderHistory } from './case-history.js';
import { renderNotes } from './case-notes.js';

// engine bookkeeping a reader does not need by default: gateways, flows, plain starts of elements
const QUIET_TYPES = /Gateway$|sequenceFlow|startEvent$/i;
const SHOWN_VARIABLES = { toestemmingKernteam: 'Toestemming ouders (kernteam)', jeugdartsUitkomst: 'Advies jeugdarts (uitkomst)',
  // medical detail: the API sends it to the youth doctor only
  jeugdartsToelichting: 'Toelichting jeugdarts (medisch)',
  mazlVerwezen: 'Verwezen naar jeugdarts (MAZL)', relatiefVerzuimGemeld: 'Relatief verzuim gemeld (DUO)', duoKenmerk: 'Kenmerk DUO-melding',
  terugkoppelingsdatum: 'Terugkoppelingsdatum', afloop: 'Afloop' };
// Facts a model sets as a milestone when the work is started, not when it is done (apeldoorn: mazlVerwezen when the
// MAZL threshold is reached, relatiefVerzuimGemeld at the DUO threshold, so that no second referral starts): "ja"
// only once the task doing the work is completed (with who and when); until then "gepland".
const PLANNED_FACTS = {
  mazlVerwezen: { task: t => /mazl/i.test(t.elementId), done: () => false },
  relatiefVerzuimGemeld: { task: t => t.elementId === 'duo_melden', done: v => v.duoGemeld === true },
};

export async function renderCase(main, { params }) {
  const id = params[0];
  const [ detail, xml ] = await Promise.all([ api(`/api/cases/${id}`), api(`/api/cases/${id}/xml`, { accept: 'application/xml' }) ]);
  let current = detail;
  let showAll = false;

  const heading = el('h1', {});
  const summary = el('section', { class: 'case-summary', 'aria-labelledby': 'samenvatting-kop' });
  const attendance = el('section', { class: 'attendance', 'aria-labelledby': 'aanwezigheid-kop' });
  const activeText = el('p', { class: 'active-text', id: 'actief-tekst', 'aria-live': 'polite' });
  const canvas = el('div', { class: 'diagram', id: 'diagram' });
  const deadlines = el('div', {});
  const tasks = el('div', {});
  const recorded = el('div', {});
  const timeline = el('div', {});
  const history = el('div', { class: 'history-tables' });
  const notes = el('div', {});
  const toggle = el('input', { type: 'checkbox', id: 'alle-stappen' });
  toggle.addEventListener('change', () => { showAll = toggle.checked; renderTimeline(); keyboardScroll(timeline); });

  main.replaceChildren(
    el('p', { class: 'breadcrumb' }, el('a', { href: '/taken' }, 'Taken'), ' › zaak'),
    heading,
    el('div', { class: 'case-top' }, summary, attendance),
    el('section', { 'aria-labelledby': 'notities-kop', id: 'notities' }, el('h2', { id: 'notities-kop' }, 'Dossiernotities'), notes),
    el('section', { class: 'diagram-section', 'aria-labelledby': 'model-kop' },
      el('h2', { id: 'model-kop' }, 'Procesmodel'),
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', onclick: () => diagram.fit() }, 'Passend maken'),
        el('button', { type: 'button', onclick: () => diagram.zoom(1.25) }, 'Inzoomen'),
        el('button', { type: 'button', onclick: () => diagram.zoom(0.8) }, 'Uitzoomen'),
        el('button', { type: 'button', onclick: () => diagram.top() }, 'Naar het hoofdproces'),
        el('button', { type: 'button', onclick: () => { diagram.followActive(current.actieveElementen, true); } }, 'Naar de actieve stap'),
        el('span', { class: 'legend' },
          el('span', { class: 'legend-item legend-active' }, 'actief'),
          el('span', { class: 'legend-item legend-done' }, 'afgerond'),
          el('span', { class: 'legend-item legend-contains' }, 'bevat actieve stap'))),
      canvas, activeText),
    el('div', { class: 'case-columns' },
      el('section', { 'aria-labelledby': 'deadlines-kop' }, el('h2', { id: 'deadlines-kop' }, 'Deadlines en kantelpunten'), deadlines),
      el('section', { 'aria-labelledby': 'taken-kop' }, el('h2', { id: 'taken-kop' }, 'Taken'), tasks)),
    el('section', { 'aria-labelledby': 'vastgelegd-kop', id: 'vastgelegd' }, el('h2', { id: 'vastgelegd-kop' }, 'Gedaan en vastgelegd'), recorded),
    el('section', { 'aria-labelledby': 'historie-kop', id: 'historie' }, el('h2', { id: 'historie-kop' }, 'Historie van stap, regie en terugkoppeldatum'), history),
    el('section', { 'aria-labelledby': 'tijdlijn-kop' },
      el('h2', { id: 'tijdlijn-kop' }, 'Tijdlijn'),
      el('div', { class: 'check' }, toggle, el('label', { for: 'alle-stappen' }, 'Ook gateways en tussenstappen tonen')),
      timeline));

  const diagram = await createDiagram(canvas, xml);
  // notes load on their own and re-render only after their own changes: a live update never touches a note being typed
  renderNotes(notes, id);

  function render() {
    const zaak = current.zaak;
    document.title = `Zaak ${zaak.leerlingId} – Verzuim werkbak`;
    heading.textContent = `Zaak leerling ${zaak.leerlingId}`;
    const kantelpunt = current.deadlines.find(d => d.soort === 'Timer');
    const v = current.variabelen || {};
    summary.replaceChildren(el('h2', { id: 'samenvatting-kop' }, 'Samenvatting'), el('dl', { class: 'facts facts-wide' },
      fact('Model', `${modelShort(zaak.modelNaam, zaak.model)} (versie ${zaak.versie})`),
      fact('School', zaak.schoolId),
      fact('Stap', el('strong', { id: 'zaak-stap' }, zaak.stap || 'geen stap aangegeven')),
      fact('Status', statusLabels[zaak.status] || zaak.status),
      fact('Regie', el('span', { id: 'zaak-regie' }, zaak.regie || 'niet vastgelegd')),
      fact('Volgende kantelpunt', kantelpunt ? [ el('span', { id: 'kantelpunt' }, kantelpunt.naam || kantelpunt.elementId), ': ',
        el('span', { id: 'kantelpunt-op' }, deadline(kantelpunt.op, kantelpunt.schooldagenOver, kantelpunt.voorlopig)) ] : 'geen'),
      fact('Kalender', calendarText(current.kalender)),
      fact('Volgende deadline', zaak.volgendeDeadline ? [ time(zaak.volgendeDeadline), zaak.achterstallig ? [ ' ', overdueBadge() ] : null ] : 'geen'),
      fact('Eerste verzuimdag', current.eersteVerzuimdag
        ? el('span', { id: 'eerste-verzuimdag', title: 'De vroegste geregistreerde verzuimdag in de 12 schoolweken voor de opening; termijnen als "langer dan vier weken" tellen vanaf hier.' }, formatDay(current.eersteVerzuimdag))
        : 'geen registratie'),
      fact('Zaak geopend', el('span', { id: 'zaak-geopend' }, time(zaak.gestartOp))),
      zaak.beeindigdOp ? fact('Gesloten', time(zaak.beeindigdOp)) : null,
      Object.entries(SHOWN_VARIABLES).filter(([ key ]) => v[key] !== undefined && v[key] !== null)
        .map(([ key, label ]) => fact(label, el('span', { id: `feit-${key}` }, factText(key, v, current.taken))))));

    const a = current.aanwezigheid;
    attendance.replaceChildren(el('h2', { id: 'aanwezigheid-kop' }, 'Aanwezigheid'),
      a ? el('dl', { class: 'facts attendance-facts' },
        fact('Ziekmeldingen in 12 schoolweken', el('span', { id: 'ziekmeldingen' }, String(a.ziekmeldingen12Schoolweken ?? 0))),
        fact('Ongeoorloofde uren in 4 schoolweken', el('span', { id: 'ongeoorloofde-uren' }, number(a.ongeoorloofdUren4Schoolweken ?? a.ongeoorloofdeUren4Schoolweken ?? 0))),
        fact('Aaneengesloten ziek (schooldagen)', String(a.ziekSchooldagenAaneengesloten ?? 0)),
        fact('Aaneengesloten ongeoorloofd (kalenderdagen)', String(a.ongeoorloofdKalenderdagenAaneengesloten ?? 0)),
        fact('Keer te laat dit schooljaar', String(a.teLaatAantal ?? 0)))
        : el('p', { class: 'muted' }, 'Nog geen registraties van absentie.'));

    const names = diagram.show({ actief: current.actieveElementen, afgerond: current.afgerondeElementen });
    activeText.textContent = names.length ? `Nu actief: ${names.join('; ')}.` : 'Er is niets actief: de zaak is gesloten.';

    deadlines.replaceChildren(table({
      caption: 'Open deadlines, vroegste eerst', empty: 'Geen open deadlines.',
      columns: [
        { label: 'Wat', value: d => d.naam || d.elementId, rowHeader: true },
        { label: 'Soort', value: d => d.soort === 'Timer' ? 'kantelpunt / termijn' : 'taak' },
        { label: 'Op', value: d => [ deadline(d.op, d.schooldagenOver, d.voorlopig), new Date(d.op) < new Date() && d.soort === 'Taak' ? [ ' ', overdueBadge() ] : null ] },
      ],
      rows: current.deadlines,
    }));
    const open = current.taken.filter(t => t.status === 'Open');
    tasks.replaceChildren(table({
      caption: 'Open taken van deze zaak', empty: 'Geen open taken.',
      columns: [
        { label: 'Taak', value: t => t.naam || t.elementId, rowHeader: true },
        { label: 'Rol', value: t => roleLabel(t.rol) },
        { label: 'Deadline', value: t => t.deadline ? [ deadline(t.deadline, t.schooldagenOver), t.achterstallig ? [ ' ', overdueBadge() ] : null ] : 'geen' },
        { label: 'Opgepakt door', value: t => t.geclaimdDoor || '–' },
      ],
      rows: open,
      rowAttributes: t => ({ 'data-element-id': t.elementId }),
    }), open.length ? el('p', {}, el('a', { href: '/taken' }, 'Naar mijn taken')) : null);
    const done = current.taken.filter(t => t.status === 'Afgerond').sort((a, b) => new Date(a.afgerondOp) - new Date(b.afgerondOp));
    recorded.replaceChildren(table({
      caption: 'Afgeronde taken met wat erin is vastgelegd, oudste eerst', empty: 'Nog geen taken afgerond.',
      columns: [
        { label: 'Taak', value: t => t.naam || t.elementId, rowHeader: true },
        { label: 'Afgerond door', value: t => completedBy(t.afgerondDoor) },
        { label: 'Wanneer', value: t => time(t.afgerondOp) },
        { label: 'Vastgelegd', value: t => recordedValues(t) },
      ],
      rows: done,
      rowAttributes: t => ({ 'data-element-id': t.elementId }),
    }));
    renderHistory(history, current.historie);
    renderTimeline();
    keyboardScroll(main);
  }

  function renderTimeline() {
    const entries = current.timeline.filter(t => showAll || !(QUIET_TYPES.test(t.elementType || '') && /^Activity(Started|Completed)$/.test(t.soort)))
      .filter(t => showAll || t.soort !== 'ActivityStarted' || /subProcess|callActivity|ThrowEvent/i.test(t.elementType || ''));
    timeline.replaceChildren(table({
      caption: `Wat er in deze zaak gebeurde (${entries.length} regels, oudste eerst)`,
      columns: [
        { label: 'Wanneer', value: t => time(t.at, formatDateTime), rowHeader: true },
        { label: 'Gebeurtenis', value: t => timelineLabels[t.soort] || t.soort },
        { label: 'Onderdeel', value: t => t.elementNaam || t.elementId || '–' },
        { label: 'Bijzonderheden', value: t => details(t) },
      ],
      rows: entries,
      className: 'data timeline',
      rowAttributes: t => ({ 'data-soort': t.soort, class: /TimerFired|Incident/.test(t.soort) ? 'escalation' : null }),
    }));
  }

  render();
  diagram.followActive(current.actieveElementen);
  const onResize = debounce(() => keyboardScroll(main), 200);
  window.addEventListener('resize', onResize);

  return {
    async refresh(events) {
      if (events && events.length && !events.some(e => !e.caseId || e.caseId === id)) return;
      try {
        current = await api(`/api/cases/${id}`);
        render();
        diagram.followActive(current.actieveElementen);
      } catch (error) {
        announce(errorText(error), 'fout');
      }
    },
    destroy: () => { window.removeEventListener('resize', onResize); diagram.destroy(); },
  };
}

/**
 * A table wider than its column (a long task name next to the deadlines at 1024 px) scrolls sideways inside its
 * frame; that frame must then be reachable by keyboard to scroll it, and is named by its caption.
 */
function keyboardScroll(root) {
  for (const wrap of root.querySelectorAll('.table-wrap')) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', wrap.querySelector('caption')?.textContent || 'Tabel');
    } else {
      for (const name of [ 'tabindex', 'role', 'aria-label' ]) wrap.removeAttribute(name);
    }
  }
}

function details(t) {
  const parts = [];
  if (t.door) parts.push(`door ${completedBy(t.door)}`);
  if (t.rol) parts.push(`rol: ${roleLabel(t.rol)}`);
  if (t.deadline) parts.push(`${/^Timer(Scheduled|Rescheduled)$/.test(t.soort) ? 'verloopt' : 'deadline'}: ${formatDateTime(t.deadline)}`);
  if (t.bericht) parts.push(`bericht: ${messageLabels[t.bericht] || t.bericht}`);
  if (t.detail) parts.push(t.soort === 'InstanceMigrated' ? migrationText(t.detail) : t.soort === 'TokenMoved' ? moveText(t.detail) : t.detail);
  return parts.join('; ') || '–';
}

/** The audit detail of a migration (JSON: who, versions, moved dates) in words. */
function migrationText(detail) {
  try {
    const m = JSON.parse(detail);
    const moved = (m.timers || []).filter(t => t.wordt && t.was !== t.wordt).length + (m.taken || []).filter(t => t.wordt && t.was !== t.wordt).length;
    return `van versie ${m.vanVersie} naar versie ${m.naarVersie}${m.door ? `, door ${m.door}` : ''}; ${moved} ${moved === 1 ? 'termijn' : 'termijnen'} opnieuw berekend`;
  } catch {
    return detail;
  }
}

/** The audit detail of a beheerder's move (JSON: who, why, from, to) in words. */
function moveText(detail) {
  try {
    const m = JSON.parse(detail);
    return `van ${m.van} naar ${m.naar}${m.door ? `, door ${m.door}` : ''}; reden: ${m.reden}`;
  } catch {
    return detail;
  }
}

/** The calendar the case's school days count in: region, how far the holiday data reaches, the school's own days. */
function calendarText(k) {
  if (!k) return 'alleen weekenden (school niet geconfigureerd)';
  const days = (label, list) => list.length ? `; ${label}: ${list.map(formatDay).join(', ')}` : '';
  return el('span', { id: 'zaak-kalender' },
    `regio ${k.regio}${k.eigenVakanties ? ' (eigen vakanties)' : ''}; vakantiedata tot ${k.vakantiedataTot ? formatDay(k.vakantiedataTot) : 'onbekend'}`,
    days('studiedagen', k.studiedagen), days('vrije dagen', k.vrijeDagen), days('lesdagen op feestdagen', k.lesdagen));
}

/** A milestone fact as done (who, when) or planned; other facts as their value. */
function factText(key, variables, tasks) {
  const value = variables[key];
  const planned = PLANNED_FACTS[key];
  if (!planned || value !== true) return variableText(key, value);
  const work = tasks.filter(planned.task);
  const doneTask = work.filter(t => t.status === 'Afgerond').at(-1);
  if (doneTask) return `ja, door ${completedBy(doneTask.afgerondDoor)} op ${formatDateTime(doneTask.afgerondOp)}`;
  if (planned.done(variables)) return 'ja';
  const openTask = work.find(t => t.status === 'Open');
  if (openTask) return `gepland (taak "${openTask.naam || openTask.elementId}" staat open${openTask.geclaimdDoor ? `, opgepakt door ${openTask.geclaimdDoor}` : ''})`;
  if (work.length > 0) return 'niet gedaan (taak vervallen)';
  return 'gepland';
}

/** "systeem:DuoMeldingGedaan" is a task completed by a message: say which. */
const completedBy = who => !who ? '–' : who.startsWith('systeem:') ? `bericht ${messageLabels[who.slice(8)] || who.slice(8)}` : who;

/** The values a task's form recorded, with the form's labels: "Datum afspraak jeugdarts: 4 december 2026". */
function recordedValues(task) {
  const data = task.vastgelegd || {};
  const fields = Array.isArray(task.formulier) ? task.formulier : [];
  const known = fields.filter(f => data[f.id] !== undefined && data[f.id] !== null)
    .map(f => [ f.label || f.id, fieldText(f, data[f.id]) ]);
  // values sent without a form field (a message completing the task) are shown by name
  const extra = Object.entries(data).filter(([ key, value ]) => !fields.some(f => f.id === key) && value !== null && typeof value !== 'object')
    .map(([ key, value ]) => [ key, variableText(key, value) ]);
  const all = [ ...known, ...extra ];
  if (all.length === 0) return 'geen velden ingevuld';
  return el('dl', { class: 'recorded' }, all.map(([ label, text ]) => [ el('dt', {}, label), el('dd', {}, text) ]));
}

function fieldText(field, value) {
  if (field.type === 'enum') return (field.options || []).find(o => o.id === value)?.label || String(value);
  return variableText(field.id, value);
}

function variableText(key, value) {
  if (key === 'jeugdartsUitkomst') return adviceLabels[value] || String(value);
  if (value === true) return 'ja';
  if (value === false) return 'nee';
  if (typeof value === 'object') return JSON.stringify(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(String(value))) return formatDay(value);
  return String(value);
}

const number = value => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 }).format(Number(value));

function fact(term, value) {
  return [ el('dt', {}, term), el('dd', {}, value) ];
}
