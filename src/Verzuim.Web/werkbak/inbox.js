// The task inbox: my claimed tasks and the open tasks of my roles at my schools, by due date, overdue ones marked.
// Claim, give back, complete with the task's form; a live event refreshes the list without closing an open form.
import { api } from '../shared/api.js';
import { el, announce, overdueBadge, deadline } from './dom.js';
import { roleLabel, modelShort } from './labels.js';
import { renderTaskForm } from './task-form.js';

export async function renderInbox(main, { me }) {
  const openForms = new Map(); // task id -> its list item, kept across refreshes while the form is open
  const summary = el('p', { class: 'lead', id: 'inbox-summary' });
  const mineList = el('ul', { class: 'tasks', id: 'mijn-taken', 'aria-labelledby': 'mijn-kop' });
  const roleList = el('ul', { class: 'tasks', id: 'rol-taken', 'aria-labelledby': 'rol-kop' });
  const mineEmpty = el('p', { class: 'muted' }, 'U heeft geen taken opgepakt.');
  const roleEmpty = el('p', { class: 'muted' }, 'Er liggen geen open taken voor uw rollen.');
  main.replaceChildren(
    el('h1', {}, 'Mijn taken'),
    summary,
    el('section', { class: 'task-section' }, el('h2', { id: 'mijn-kop' }, 'Door mij opgepakt'), mineEmpty, mineList),
    el('section', { class: 'task-section' }, el('h2', { id: 'rol-kop' }, 'Open taken voor mijn rollen'), roleEmpty, roleList));

  const modelNames = new Map(); // process id -> model name, from the case list (tasks carry the id only)

  async function load() {
    const tasks = await api('/api/tasks?filter=alle');
    if (tasks.some(t => t.model && !modelNames.has(t.model)))
      for (const c of await api('/api/cases?status=alle').catch(() => [])) modelNames.set(c.model, c.modelNaam);
    const mine = tasks.filter(t => t.geclaimdDoor === me.gebruiker);
    const forRole = tasks.filter(t => t.geclaimdDoor !== me.gebruiker);
    const overdue = tasks.filter(t => t.achterstallig).length;
    summary.textContent = tasks.length === 0 ? 'Er zijn geen open taken voor u.'
      : `${tasks.length} open ${tasks.length === 1 ? 'taak' : 'taken'}, gesorteerd op deadline${overdue ? `; ${overdue} te laat` : ''}.`;
    fill(mineList, mineEmpty, mine);
    fill(roleList, roleEmpty, forRole);
    // a form whose task vanished (completed by someone else, or the case moved on)
    for (const [ id, item ] of openForms)
      if (!tasks.some(t => t.id === id)) {
        item.querySelector('.task-form-area')?.replaceChildren(el('p', { class: 'warning', role: 'alert' }, 'Deze taak is intussen afgerond of vervallen.'));
        openForms.delete(id);
      }
  }

  function fill(list, empty, tasks) {
    empty.hidden = tasks.length > 0;
    list.replaceChildren(...tasks.map(task => openForms.get(task.id) || taskItem(task)));
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

    const busy = async (button, work) => {
      button.disabled = true;
      try { await work(); } catch (error) { announce(error.message, 'fout'); } finally { button.disabled = false; }
    };
    if (mine) {
      const complete = el('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'Afronden…');
      complete.addEventListener('click', () => {
        if (openForms.has(task.id)) { close(); return; }
        openForms.set(task.id, item);
        complete.setAttribute('aria-expanded', 'true');
        formArea.replaceChildren(renderTaskForm(task, {
          onDone: async () => { close(); announce(`Taak "${task.naam}" is afgerond; de zaak loopt verder.`, 'ok'); await load(); },
          onCancel: () => { close(); complete.focus(); },
        }));
        formArea.querySelector('input, textarea, select')?.focus();
      });
      const close = () => { openForms.delete(task.id); formArea.replaceChildren(); complete.setAttribute('aria-expanded', 'false'); };
      const giveBack = el('button', { type: 'button' }, 'Teruggeven');
      giveBack.addEventListener('click', () => busy(giveBack, async () => {
        await api(`/api/tasks/${task.id}/unclaim`, { method: 'POST' });
        announce(`Taak "${task.naam}" is teruggegeven.`);
        openForms.delete(task.id);
        await load();
      }));
      actions.append(complete, giveBack);
    } else if (!task.geclaimdDoor) {
      const claim = el('button', { type: 'button', class: 'primary' }, 'Oppakken');
      claim.addEventListener('click', () => busy(claim, async () => {
        await api(`/api/tasks/${task.id}/claim`, { method: 'POST' });
        announce(`U heeft taak "${task.naam}" opgepakt.`, 'ok');
        await load();
        document.querySelector(`#mijn-taken li[data-task-id="${task.id}"] button.primary`)?.focus();
      }));
      actions.append(claim);
    }
    actions.append(el('a', { href: `/zaken/${task.caseId}`, class: 'case-link' }, 'Zaak bekijken', el('span', { class: 'visually-hidden' }, ` (leerling ${task.leerlingId})`)));
    return item;
  }

  const schoolName = id => me.scholen.find(s => s.id === id)?.naam || id || '–';
  await load();
  return { refresh: () => load().catch(error => announce(error.message, 'fout')), destroy() {} };
}

function fact(term, value) {
  return [ el('dt', {}, term), el('dd', {}, value) ];
}
