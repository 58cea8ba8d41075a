// The task inbox: my claimed tasks and the open tasks of my roles at my schools, by due date, overdue ones marked.
// Claim, give back, assign to a colleague with the role, complete with the task's form. A live event refreshes only the tasks that changed: an open form,
// the text typed into it and the focus stay where they are (see place()).
import { api } from '../shared/api.js';
import { el, announce, overdueBadge, deadline, errorText } from './dom.js';
import { roleLabel, modelShort } from './labels.js';
import { renderTaskForm } from './task-form.js';
import { renderAssignForm } from './assign-form.js';
import { renderNotificationSettings } from './notifications.js';

export async function renderInbox(main, { me, query }) {
  const openForms = new Map(); // task id -> its list item, kept across refreshes while the form is open
  const rendered = new Map(); // task id -> { item, key }: an item is rebuilt only when what it shows changed
  const stale = new Set(); // items of open forms whose task vanished, left in place with a note until closed
  const summary = el('p', { class: 'lead', id: 'inbox-summary', tabindex: '-1' });
  const mineList = el('ul', { class: 'tasks', id: 'mijn-taken', 'aria-labelledby': 'mijn-kop' });
  const roleList = el('ul', { class: 'tasks', id: 'rol-taken', 'aria-labelledby': 'rol-kop' });
  const mineEmpty = el('p', { class: 'muted' }, 'U heeft geen taken opgepakt.');
  const roleEmpty = el('p', { class: 'muted' }, 'Er liggen geen open taken voor uw rollen.');
  main.replaceChildren(
    el('h1', {}, 'Mijn taken'),
    summary,
    el('section', { class: 'task-section' }, el('h2', { id: 'mijn-kop' }, 'Door mij opgepakt'), mineEmpty, mineList),
    el('section', { class: 'task-section' }, el('h2', { id: 'rol-kop' }, 'Open taken voor mijn rollen'), roleEmpty, roleList),
    renderNotificationSettings());

  const modelNames = new Map(); // process id -> model name, from the case list's choices (tasks carry the id only)

  async function load() {
    const tasks = await api('/api/tasks?filter=alle');
    if (tasks.some(t => t.model && !modelNames.has(t.model)))
      for (const m of (await api('/api/cases/keuzes').catch(() => ({ modellen: [] }))).modellen) modelNames.set(m.id, m.naam);
    const mine = tasks.filter(t => t.geclaimdDoor === me.gebruiker);
    const forRole = tasks.filter(t => t.geclaimdDoor !== me.gebruiker);
    const overdue = tasks.filter(t => t.achterstallig).length;
    summary.textContent = tasks.length === 0 ? 'Er zijn geen open taken voor u.'
      : `${tasks.length} open ${tasks.length === 1 ? 'taak' : 'taken'}, gesorteerd op deadline${overdue ? `; bij ${overdue} is de termijn verstreken` : ''}.`;
    // a form whose task vanished (completed by someone else, or the case moved on) stays where it is, with a note
    for (const [ id, item ] of openForms)
      if (!tasks.some(t => t.id === id)) {
        openForms.delete(id);
        stale.add(item);
        const hadFocus = item.contains(document.activeElement);
        const note = el('p', { class: 'warning', role: 'alert', tabindex: '-1' }, 'Deze taak is intussen afgerond of vervallen. ',
          el('button', { type: 'button', onclick: () => { stale.delete(item); item.remove(); summary.focus(); } }, 'Sluiten'));
        item.querySelector('.task-form-area')?.replaceChildren(note);
        item.querySelectorAll('.actions button').forEach(b => { b.disabled = true; });
        if (hadFocus) note.focus();
      }
    fill(mineList, mineEmpty, mine);
    fill(roleList, roleEmpty, forRole);
    for (const id of [ ...rendered.keys() ]) if (!tasks.some(t => t.id === id)) rendered.delete(id);
  }

  function fill(list, empty, tasks) {
    const focused = document.activeElement;
    const moves = []; // [ old item, new item ] of rebuilt items that held the focus
    const wanted = tasks.map(task => {
      if (openForms.has(task.id)) return openForms.get(task.id);
      const key = JSON.stringify([ task, modelNames.get(task.model) ]);
      const known = rendered.get(task.id);
      if (known && known.key === key) return known.item;
      const item = taskItem(task);
      rendered.set(task.id, { item, key });
      if (known?.item.contains(focused)) moves.push([ focused, item ]);
      return item;
    });
    for (const item of stale)
      if (item.parentNode === list) wanted.splice(Math.min([ ...list.children ].indexOf(item), wanted.length), 0, item);
    empty.hidden = wanted.length > 0;
    place(list, wanted);
    // a rebuilt task keeps the focus on the same control (e.g. "Oppakken" of a task whose deadline moved)
    for (const [ control, item ] of moves) (item.querySelector(`[data-action="${control.dataset?.action}"]`) || item.querySelector('button, a'))?.focus();
  }

  function taskItem(task) {
    const mine = task.geclaimdDoor === me.gebruiker;
    const headingId = `taak-${task.id}`;
    const formArea = el('div', { class: 'task-form-area' });
    const actions = el('div', { class: 'actions' });
    const item = el('li', { class: `task${task.achterstallig ? ' overdue' : ''}`, 'data-task-id': task.id, 'data-element-id': task.elementId },
      el('article', { 'aria-labelledby': headingId },
        el('h3', { id: headingId }, task.naam || task.elementId),
        el('dl', { class: 'facts' },
          fact('Leerling', task.leerlingId || '–'),
          fact('School', schoolName(task.schoolId)),
          fact('Model', modelShort(modelNames.get(task.model), task.model)),
          fact('Stap', task.stap || '–'),
          fact('Rol', roleLabel(task.rol)),
          fact('Deadline', task.deadline ? [ deadline(task.deadline, task.schooldagenOver), task.achterstallig ? [ ' ', overdueBadge() ] : null ] : 'geen'),
          task.geclaimdDoor && !mine ? fact('Opgepakt door', task.geclaimdDoor) : null),
        actions, formArea));

    // on a refusal (someone else claimed it first, the task is gone) the list is brought up to date and the focus
    // goes to the message, which says why
    const busy = async (button, work) => {
      button.disabled = true;
      try { await work(); } catch (error) {
        announce(errorText(error), 'fout');
        await load().catch(() => {});
        document.getElementById('status')?.focus();
      } finally { button.disabled = false; }
    };
    // one panel at a time below the task: the completion form or the assignment
    const assign = el('button', { type: 'button', 'aria-expanded': 'false', 'data-action': 'toewijzen' }, 'Toewijzen…');
    const closeAssign = () => { openForms.delete(task.id); formArea.replaceChildren(); assign.setAttribute('aria-expanded', 'false'); };
    assign.addEventListener('click', () => {
      if (assign.getAttribute('aria-expanded') === 'true') { closeAssign(); assign.focus(); return; }
      item.querySelector('[data-action="afronden"][aria-expanded="true"]')?.click();
      openForms.set(task.id, item);
      assign.setAttribute('aria-expanded', 'true');
      formArea.replaceChildren(renderAssignForm(task, {
        onDone: async name => {
          const list = item.parentNode;
          const position = list ? [ ...list.children ].indexOf(item) : 0;
          closeAssign();
          announce(`Taak "${task.naam}" is toegewezen aan ${name}.`, 'ok');
          await load();
          const next = list?.children[position] || list?.children[position - 1];
          (next?.querySelector('button:not([disabled])') || summary).focus();
        },
        onCancel: () => { closeAssign(); assign.focus(); },
      }));
      formArea.querySelector('select')?.focus();
    });
    if (mine) {
      const complete = el('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', 'data-action': 'afronden' }, 'Afronden…');
      complete.addEventListener('click', () => {
        if (complete.getAttribute('aria-expanded') === 'true') { close(); return; }
        if (assign.getAttribute('aria-expanded') === 'true') closeAssign();
        openForms.set(task.id, item);
        complete.setAttribute('aria-expanded', 'true');
        formArea.replaceChildren(renderTaskForm(task, {
          onDone: async () => {
            const position = [ ...mineList.children ].indexOf(item);
            close();
            announce(`Taak "${task.naam}" is afgerond; de zaak loopt verder.`, 'ok');
            await load();
            focusAfter(position);
          },
          onCancel: () => { close(); complete.focus(); },
        }));
        formArea.querySelector('input, textarea, select')?.focus();
      });
      const close = () => { openForms.delete(task.id); formArea.replaceChildren(); complete.setAttribute('aria-expanded', 'false'); };
      const giveBack = el('button', { type: 'button', 'data-action': 'teruggeven' }, 'Teruggeven');
      giveBack.addEventListener('click', () => busy(giveBack, async () => {
        const position = [ ...mineList.children ].indexOf(item);
        await api(`/api/tasks/${task.id}/unclaim`, { method: 'POST' });
        announce(`Taak "${task.naam}" is teruggegeven.`);
        openForms.delete(task.id);
        await load();
        focusAfter(position);
      }));
      actions.append(complete, giveBack, assign);
    } else if (!task.geclaimdDoor) {
      const claim = el('button', { type: 'button', class: 'primary', 'data-action': 'oppakken' }, 'Oppakken');
      claim.addEventListener('click', () => busy(claim, async () => {
        await api(`/api/tasks/${task.id}/claim`, { method: 'POST' });
        announce(`U heeft taak "${task.naam}" opgepakt.`, 'ok');
        await load();
        document.querySelector(`#mijn-taken li[data-task-id="${task.id}"] button.primary`)?.focus();
      }));
      actions.append(claim, assign);
    }
    actions.append(el('a', { href: `/zaken/${task.caseId}`, class: 'case-link', 'data-action': 'zaak' }, 'Zaak bekijken', el('span', { class: 'visually-hidden' }, ` (leerling ${task.leerlingId})`)));
    return item;
  }

  /** After a task left my list: focus the task now in its place (or the one before it, or the first open task). */
  function focusAfter(position) {
    const next = mineList.children[position] || mineList.children[position - 1] || roleList.children[0];
    (next?.querySelector('button:not([disabled]).primary, button:not([disabled])') || summary).focus();
  }

  const schoolName = id => me.scholen.find(s => s.id === id)?.naam || id || '–';
  await load();
  // a mail's link (/taken?taak=…) points at one task: show it and put the focus on it
  const linked = query?.get('taak');
  if (linked) {
    const item = main.querySelector(`li[data-task-id="${CSS.escape(linked)}"]`);
    if (item) {
      item.classList.add('linked');
      const heading = item.querySelector('h3');
      heading.setAttribute('tabindex', '-1');
      requestAnimationFrame(() => { heading.focus(); heading.scrollIntoView({ block: 'center' }); });
    } else announce('De taak uit de e-mail staat niet (meer) open voor u: afgerond, vervallen of door een ander opgepakt.', 'info');
  }
  return { refresh: () => load().catch(error => announce(errorText(error), 'fout')), destroy() {} };
}

/**
 * Puts the list's items in the wanted order without moving the item that holds the focus: moving a node out of the
 * document (replaceChildren) would blur the field someone is typing in. The others are placed around it.
 */
function place(list, wanted) {
  const keep = new Set(wanted);
  for (const child of [ ...list.children ]) if (!keep.has(child)) child.remove();
  if (list.children.length === wanted.length && wanted.every((node, i) => list.children[i] === node)) return;
  const pinned = wanted.find(node => node.parentNode === list && node.contains(document.activeElement));
  if (!pinned) { list.replaceChildren(...wanted); return; }
  const at = wanted.indexOf(pinned);
  for (const node of wanted.slice(0, at)) list.insertBefore(node, pinned);
  for (const node of wanted.slice(at + 1)) list.append(node);
}

function fact(term, value) {
  return [ el('dt', {}, term), el('dd', {}, value) ];
}
