// Zaken migreren: move the running cases of a replaced version to the published one (docs/studio.md). The plan's
// links are proposed by the server (same id, same kind); the process owner links what is left, chooses per term how
// it carries over, previews the chosen cases (new dates in the table and on the diagram) and runs the batch, which the
// server carries out case by case; the panel follows its progress and can pause, resume, cancel and retry it.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { api } from '../shared/api.js';
import { el, formatDateTime, announce } from './dom.js';

const RULES = [
  [ 'verstrekenSchooltijd', 'verstreken schooltijd telt mee' ],
  [ 'verstrekenTijd', 'verstreken tijd telt mee' ],
  [ 'vasteDatum', 'vaste datum' ],
  [ 'vervaldatumBlijft', 'vervaldatum blijft' ],
];
const RULE_LABEL = Object.fromEntries(RULES);
const BATCH_DONE = new Set([ 'Afgerond', 'Geannuleerd' ]);

/** One page: /studio/model/{processId}/migreren?van={definitionId}. */
export async function renderMigration(main, { processId, sourceId, navigate }) {
  main.replaceChildren(el('p', {}, 'Migratieplan laden…'));
  const base = `/api/definitions/${encodeURIComponent(sourceId)}/migrations`;
  const state = { mappings: null, rules: new Map(), plan: null, viewer: null, poll: null };

  const back = el('a', { href: '/studio/', 'data-link': true }, '← Alle modellen');
  back.addEventListener('click', event => { event.preventDefault(); leave(); navigate('/studio/'); });
  const heading = el('h1', { tabindex: '-1' }, 'Zaken migreren');
  const versions = el('p', { id: 'migration-versions', class: 'lead' });
  const problems = el('div', { id: 'migration-problems' });
  const unmapped = el('div', { id: 'migration-unmapped' });
  const allMappings = el('details', { id: 'migration-mappings' });
  const timers = el('div', { id: 'migration-timers' });
  const preview = el('div', { id: 'migration-preview', tabindex: '-1' });
  const diagram = el('div', { id: 'migration-diagram', class: 'migration-canvas' });
  const progress = el('div', { id: 'migration-progress', tabindex: '-1' });

  const chooseAll = el('input', { type: 'radio', name: 'selectie', id: 'selectie-alle', value: 'alle', checked: true });
  const chooseFilter = el('input', { type: 'radio', name: 'selectie', id: 'selectie-filter', value: 'filter' });
  const school = el('input', { id: 'selectie-school', type: 'text', autocomplete: 'off', maxlength: 64 });
  const step = el('input', { id: 'selectie-stap', type: 'text', autocomplete: 'off', maxlength: 200 });
  const selectionError = el('p', { class: 'error', role: 'alert', id: 'selectie-fout', hidden: true });
  const previewButton = el('button', { type: 'button', id: 'migration-preview-button' }, 'Voorvertoning');
  const startButton = el('button', { type: 'button', class: 'primary', id: 'migration-start' }, 'Migratie starten');

  main.replaceChildren(
    el('p', {}, back), heading, versions,
    el('section', { 'aria-labelledby': 'koppelingen-kop' },
      el('h2', { id: 'koppelingen-kop' }, 'Koppelingen'),
      el('p', {}, 'Elementen met hetzelfde id en dezelfde soort zijn automatisch gekoppeld. Koppel wat de nieuwe versie anders noemt; een element zonder koppeling is er in de nieuwe versie niet meer.'),
      problems, unmapped, allMappings),
    el('section', { 'aria-labelledby': 'termijnen-kop' },
      el('h2', { id: 'termijnen-kop' }, 'Termijnen'),
      el('p', {}, 'Per timer en taaktermijn hoe de vervaldatum wordt berekend. Standaard telt de al verstreken schooltijd mee, op de kalender van de school van de zaak.'),
      timers),
    el('section', { 'aria-labelledby': 'zaken-kop' },
      el('h2', { id: 'zaken-kop' }, 'Zaken kiezen'),
      el('fieldset', { class: 'migration-selection' },
        el('legend', {}, 'Welke lopende zaken'),
        el('div', { class: 'choice' }, chooseAll, el('label', { for: chooseAll.id }, 'Alle lopende zaken van deze versie')),
        el('div', { class: 'choice' }, chooseFilter, el('label', { for: chooseFilter.id }, 'Alleen een school en/of stap')),
        el('div', { class: 'field-row' },
          el('label', { for: school.id }, 'School (id)'), school,
          el('label', { for: step.id }, 'Stap'), step)),
      selectionError,
      el('div', { class: 'toolbar' }, previewButton, startButton)),
    el('section', { 'aria-labelledby': 'voorvertoning-kop' },
      el('h2', { id: 'voorvertoning-kop' }, 'Voorvertoning'), preview,
      el('figure', { class: 'migration-figure' }, el('figcaption', {}, 'De nieuwe versie: waar de gekozen zaken komen te staan, met hun nieuwe termijnen'), diagram)),
    el('section', { 'aria-labelledby': 'voortgang-kop' },
      el('h2', { id: 'voortgang-kop' }, 'Voortgang'), progress));
  for (const input of [ school, step ]) input.addEventListener('input', () => { chooseFilter.checked = true; });

  function leave() {
    clearTimeout(state.poll);
    state.viewer?.destroy();
  }

  function body(withSelection) {
    const request = {
      mappings: state.mappings,
      timerregels: [ ...state.rules ].map(([ element, regel ]) => ({ element, regel })),
    };
    if (state.plan) request.naar = state.plan.doel.id;
    if (!withSelection) return request;
    if (chooseAll.checked) return { ...request, selectie: { alle: true } };
    const chosen = { school: school.value.trim() || null, stap: step.value.trim() || null };
    if (!chosen.school && !chosen.stap) return null;
    return { ...request, selectie: chosen };
  }

  async function loadPlan() {
    const plan = await api(`${base}/plan`, { method: 'POST', json: body(false) });
    state.plan = plan;
    state.mappings = plan.mappings.map(m => ({ van: m.van, naar: m.naar }));
    versions.textContent = `${plan.processId}: van v${plan.bron.versie} naar v${plan.doel.versie} · ${plan.lopendeZaken} lopende ${plan.lopendeZaken === 1 ? 'zaak' : 'zaken'} op v${plan.bron.versie}`;
    heading.textContent = `Zaken migreren: v${plan.bron.versie} → v${plan.doel.versie}`;
    renderPlan(plan);
    return plan;
  }

  function renderPlan(plan) {
    problems.replaceChildren(plan.problemen.length
      ? el('div', { class: 'error', role: 'alert' }, el('p', {}, 'Dit plan wordt geweigerd:'),
        el('ul', {}, plan.problemen.map(p => el('li', { 'data-element-id': p.element, 'data-rule': p.regel }, p.melding))))
      : el('p', { class: 'ok' }, 'Het plan is in orde.'));
    startButton.disabled = previewButton.disabled = !plan.geldig;

    // what the target offers per kind: everything already linked to, and what nothing links to yet
    const targets = new Map();
    for (const m of plan.mappings) targets.set(m.naar, { id: m.naar, naam: m.naarNaam, soort: m.soort });
    for (const t of plan.nieuwInDoel) targets.set(t.id, t);
    const rows = plan.nietGemapt.map(source => {
      const selectId = `koppel-${source.id}`;
      const select = el('select', { id: selectId, 'data-element-id': source.id },
        el('option', { value: '' }, '— geen —'),
        [ ...targets.values() ].filter(t => t.soort === source.soort).sort((a, b) => (a.naam || a.id).localeCompare(b.naam || b.id))
          .map(t => el('option', { value: t.id }, t.naam ? `${t.naam} (${t.id})` : t.id)));
      select.addEventListener('change', () => relink(source.id, select.value));
      return el('tr', { 'data-element-id': source.id },
        el('th', { scope: 'row' }, source.naam || source.id, el('br'), el('code', {}, source.id)),
        el('td', {}, source.soort),
        el('td', {}, el('label', { for: selectId, class: 'visually-hidden' }, `Koppelen: ${source.naam || source.id}`), select));
    });
    unmapped.replaceChildren(rows.length
      ? el('table', { class: 'migration-table' },
        el('caption', {}, `Niet gekoppeld (${rows.length})`),
        el('thead', {}, el('tr', {}, [ 'Element (oude versie)', 'Soort', 'Koppelen aan (nieuwe versie)' ].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows))
      : el('p', {}, 'Alle elementen van de oude versie zijn gekoppeld.'));
    allMappings.replaceChildren(el('summary', {}, `Alle koppelingen (${plan.mappings.length})`),
      el('table', { class: 'migration-table' },
        el('caption', { class: 'visually-hidden' }, 'Alle koppelingen'),
        el('thead', {}, el('tr', {}, [ 'Oude versie', 'Nieuwe versie', 'Soort', '' ].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, plan.mappings.map(m => el('tr', { 'data-element-id': m.van },
          el('td', {}, m.vanNaam || m.van, ' ', el('code', {}, m.van)),
          el('td', {}, m.naarNaam || m.naar, ' ', el('code', {}, m.naar)),
          el('td', {}, m.soort),
          el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => relink(m.van, '') }, 'Ontkoppelen',
            el('span', { class: 'visually-hidden' }, ` ${m.vanNaam || m.van}`))))))));

    const timerTable = (list, caption) => el('table', { class: 'migration-table migration-timers' },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, [ 'Element', 'Was', 'Wordt', 'Regel', 'Toelichting' ].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, list.map(t => {
        const id = `regel-${t.van}${t.taaktermijn ? '-taak' : ''}`;
        const select = el('select', { id, 'data-element-id': t.van }, RULES.map(([ value, label ]) =>
          el('option', { value, selected: value === t.regel }, label)));
        select.addEventListener('change', async () => {
          state.rules.set(t.van, select.value);
          await refresh(`Regel voor ${t.van}: ${RULE_LABEL[select.value]}.`, id);
        });
        return el('tr', { 'data-element-id': t.van, 'data-regel': t.regel },
          el('th', { scope: 'row' }, t.taaktermijn ? 'Taaktermijn ' : '', el('code', {}, t.naar)),
          el('td', {}, t.was || '–'), el('td', {}, t.wordt || '–'),
          el('td', {}, el('label', { for: id, class: 'visually-hidden' }, `Regel voor ${t.van}`), select),
          el('td', { class: 'explanation' }, t.toelichting));
      })));
    const changed = plan.timers.filter(t => t.was !== t.wordt || state.rules.has(t.van));
    const same = plan.timers.filter(t => !changed.includes(t));
    timers.replaceChildren(
      changed.length ? timerTable(changed, `Gewijzigde termijnen (${changed.length})`) : el('p', {}, 'Geen termijn is gewijzigd.'),
      same.length ? el('details', {}, el('summary', {}, `Ongewijzigde termijnen (${same.length})`),
        el('p', {}, 'Ze houden hun vervaldatum: dezelfde termijn, gerekend vanaf dezelfde start.'), timerTable(same, 'Ongewijzigde termijnen')) : null);
  }

  async function relink(sourceId, targetId) {
    state.mappings = state.mappings.filter(m => m.van !== sourceId);
    if (targetId) state.mappings.push({ van: sourceId, naar: targetId });
    await refresh(targetId ? `${sourceId} gekoppeld aan ${targetId}.` : `${sourceId} ontkoppeld.`, `koppel-${sourceId}`);
  }

  async function refresh(message, focusId) {
    try {
      const plan = await api(`${base}/plan`, { method: 'POST', json: body(false) });
      state.plan = plan;
      renderPlan(plan);
      announce(`${message} ${plan.geldig ? 'Het plan is in orde.' : `Het plan wordt geweigerd: ${plan.problemen.length} ${plan.problemen.length === 1 ? 'probleem' : 'problemen'}.`}`,
        plan.geldig ? 'ok' : 'fout');
      document.getElementById(focusId)?.focus();
    } catch (failure) {
      announce(failure.message, 'fout');
    }
  }

  function selection() {
    const request = body(true);
    selectionError.hidden = request !== null;
    if (!request) {
      selectionError.textContent = 'Vul een school of een stap in, of kies alle lopende zaken.';
      school.focus();
    }
    return request;
  }

  previewButton.addEventListener('click', async () => {
    const request = selection();
    if (!request) return;
    preview.replaceChildren(el('p', {}, 'Voorvertoning berekenen…'));
    try {
      const cases = await api(`${base}/preview`, { method: 'POST', json: request });
      renderPreview(cases);
      await showOnDiagram(cases);
      announce(`Voorvertoning: ${cases.length} ${cases.length === 1 ? 'zaak' : 'zaken'}, ${cases.filter(c => c.kanMigreren).length} kunnen migreren.`, 'ok');
      preview.focus();
    } catch (failure) {
      preview.replaceChildren(el('p', { class: 'error', role: 'alert' }, failure.problem?.problemen?.length
        ? failure.problem.problemen.map(p => p.melding).join(' ') : failure.message));
    }
  });

  function renderPreview(cases) {
    if (cases.length === 0) { preview.replaceChildren(el('p', {}, 'Geen lopende zaken gekozen.')); return; }
    preview.replaceChildren(el('table', { class: 'migration-table', id: 'migration-preview-table' },
      el('caption', {}, `${cases.length} ${cases.length === 1 ? 'zaak' : 'zaken'}: wat de migratie doet`),
      el('thead', {}, el('tr', {}, [ 'Zaak', 'School · stap', 'Staat daarna op', 'Termijnen', 'Taken' ].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, cases.map(c => el('tr', { 'data-case-id': c.zaak, class: c.kanMigreren ? '' : 'refused' },
        el('th', { scope: 'row' }, el('code', {}, c.zaak.slice(0, 8)), c.kanMigreren ? '' : el('span', { class: 'badge badge-refused' }, ' kan niet migreren')),
        el('td', {}, `${c.school || '–'} · ${c.stap || '–'}`),
        el('td', {}, c.kanMigreren ? c.actief.map(a => a.naam || a.naar).join(', ') : el('ul', {}, c.problemen.map(p => el('li', {}, p.melding)))),
        el('td', {}, el('ul', { class: 'plain' }, c.timers.map(t => el('li', { 'data-element-id': t.naar || t.van, 'data-due': t.wordt || '' },
          `${t.naar || t.van}: ${t.was ? formatDateTime(t.was) : 'nieuw'} → ${t.wordt ? formatDateTime(t.wordt) : 'vervalt'}`, el('br'), el('small', {}, t.toelichting))))),
        el('td', {}, el('ul', { class: 'plain' }, c.taken.map(t => el('li', { 'data-element-id': t.naar },
          `${t.naar}: ${t.was ? formatDateTime(t.was) : '–'} → ${t.wordt ? formatDateTime(t.wordt) : '–'}${t.geclaimdDoor ? ` (bij ${t.geclaimdDoor})` : ''}`)))))))));
  }

  /** The target version with, on each element a previewed case will stand on or wait for, its new date(s). */
  async function showOnDiagram(cases) {
    if (!state.viewer) {
      state.viewer = new NavigatedViewer({ container: diagram });
      await state.viewer.importXML(await api(`/api/definitions/${encodeURIComponent(processId)}/xml?versie=${state.plan.doel.versie}`, { accept: 'application/xml' }));
    }
    const registry = state.viewer.get('elementRegistry');
    const overlays = state.viewer.get('overlays');
    const canvas = state.viewer.get('canvas');
    overlays.remove({ type: 'verzuim-migration' });
    const dates = new Map();
    for (const c of cases.filter(c => c.kanMigreren)) {
      for (const a of c.actief) if (!dates.has(a.naar)) dates.set(a.naar, []);
      for (const t of [ ...c.timers, ...c.taken ]) if (t.naar && t.wordt) (dates.get(t.naar) || dates.set(t.naar, []).get(t.naar)).push(t.wordt);
    }
    let first = null;
    for (const [ id, list ] of dates) {
      const element = registry.get(id);
      if (!element) continue;
      const unique = [ ...new Set(list) ].sort();
      // where a case will stand: a badge, with the new date when the element has one
      overlays.add(element, 'verzuim-migration', {
        position: { bottom: -4, left: 0 },
        html: el('div', { class: `migration-badge${unique.length ? ' migration-date' : ''}`, title: unique.map(formatDateTime).join('\n') || 'actief na de migratie' },
          unique.length ? `${formatDateTime(unique[0])}${unique.length > 1 ? ` +${unique.length - 1}` : ''}` : 'actief'),
      });
      if (!first && unique.length && element.type === 'bpmn:BoundaryEvent') first = element;
    }
    // open the plane the first new term is on (the Apeldoorn ladder is a collapsed sub-process) and show it
    if (first) {
      const plane = canvas.findRoot ? canvas.findRoot(first) : null;
      if (plane && plane !== canvas.getRootElement()) canvas.setRootElement(plane);
      canvas.zoom('fit-viewport');
      canvas.scrollToElement(first);
    }
  }

  startButton.addEventListener('click', async () => {
    const request = selection();
    if (!request) return;
    startButton.disabled = true;
    try {
      const batch = await api(base, { method: 'POST', json: request });
      announce(`Migratie gestart: ${batch.voortgang.totaal} ${batch.voortgang.totaal === 1 ? 'zaak' : 'zaken'}.`, 'ok');
      follow(batch.id, true);
    } catch (failure) {
      startButton.disabled = false;
      announce(failure.problem?.problemen?.length ? failure.problem.problemen.map(p => p.melding).join(' ') : failure.message, 'fout');
    }
  });

  async function follow(batchId, focus = false) {
    clearTimeout(state.poll);
    let batch;
    try { batch = await api(`${base}/${batchId}`); } catch (failure) { announce(failure.message, 'fout'); return; }
    const v = batch.voortgang;
    const act = (label, path) => el('button', { type: 'button', 'data-action': path, onclick: async () => {
      try {
        await api(`${base}/${batchId}/${path}`, { method: 'POST', json: {} });
        announce(`Migratie: ${label.toLowerCase()}.`, 'ok');
      } catch (failure) { announce(failure.message, 'fout'); }
      follow(batchId, true);
    } }, label);
    const failed = batch.zaken.filter(z => z.status === 'Mislukt');
    progress.replaceChildren(
      el('p', { id: 'migration-status', 'data-status': batch.status },
        `Status: ${batch.status} · ${v.gemigreerd} van ${v.totaal} gemigreerd · ${v.mislukt} mislukt · ${v.wachtend} wachtend`),
      el('progress', { max: v.totaal, value: v.gemigreerd + v.mislukt, 'aria-label': 'Voortgang van de migratie' }),
      el('div', { class: 'toolbar' },
        batch.status === 'Lopend' ? act('Pauzeren', 'pauzeren') : null,
        batch.status === 'Gepauzeerd' ? act('Hervatten', 'hervatten') : null,
        !BATCH_DONE.has(batch.status) ? act('Annuleren', 'annuleren') : null,
        failed.length && batch.status !== 'Geannuleerd' ? act('Mislukte opnieuw', 'opnieuw') : null),
      failed.length ? el('ul', { class: 'migration-failures' }, failed.map(z => el('li', { 'data-case-id': z.zaak }, el('code', {}, z.zaak.slice(0, 8)), `: ${z.fout}`))) : null);
    if (focus) progress.focus();
    if (!BATCH_DONE.has(batch.status) && batch.status !== 'Gepauzeerd') state.poll = setTimeout(() => follow(batchId), 1000);
    else startButton.disabled = !state.plan?.geldig;
  }

  await loadPlan();
  // a batch already running for this version: follow it
  const running = (await api(base)).find(b => !BATCH_DONE.has(b.status));
  if (running) follow(running.id);
  heading.focus();
  return { leave };
}
