// "Toewijzen…": give a task to a colleague who holds its role at its school. The list comes from the server (people who
// signed in once with that role there); a refusal (422, 409) is shown next to the form, in the server's words.
import { api } from '../shared/api.js';
import { el, errorText } from './dom.js';
import { roleLabel } from './labels.js';

let counter = 0;

export function renderAssignForm(task, { onDone, onCancel }) {
  const id = `toewijzen-${++counter}`;
  const errors = el('div', { class: 'form-errors', role: 'alert', tabindex: '-1' });
  const select = el('select', { id, name: 'gebruiker', required: true }, el('option', { value: '' }, 'Laden…'));
  const submit = el('button', { type: 'submit', class: 'primary', disabled: true }, 'Toewijzen');
  const form = el('form', { class: 'task-form assign-form', novalidate: true, 'aria-label': `Toewijzen: ${task.naam || task.elementId}` },
    el('div', { class: 'field' }, el('label', { for: id }, `Collega met de rol ${roleLabel(task.rol)}`), select),
    errors,
    el('div', { class: 'actions' }, submit, el('button', { type: 'button', onclick: () => onCancel() }, 'Annuleren')));

  api(`/api/tasks/${task.id}/collegas`).then(colleagues => {
    if (colleagues.length === 0) {
      select.replaceChildren(el('option', { value: '' }, 'Geen collega beschikbaar'));
      errors.replaceChildren(el('p', {}, `Er is geen collega bekend met de rol ${roleLabel(task.rol)} op deze school. `
        + 'Een collega verschijnt hier nadat die zich één keer in de werkbak heeft aangemeld.'));
      return;
    }
    select.replaceChildren(el('option', { value: '' }, 'Kies een collega'), ...colleagues.map(c => el('option', { value: c.gebruiker }, c.naam)));
    submit.disabled = false;
  }).catch(error => { errors.replaceChildren(el('p', {}, errorText(error))); });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!select.value) {
      errors.replaceChildren(el('p', {}, 'Kies de collega die de taak krijgt.'));
      select.focus();
      return;
    }
    submit.disabled = true;
    try {
      const name = select.selectedOptions[0]?.textContent || select.value;
      await api(`/api/tasks/${task.id}/toewijzen`, { method: 'POST', json: { gebruiker: select.value } });
      await onDone(name);
    } catch (error) {
      errors.replaceChildren(el('p', {}, `De taak is niet toegewezen: ${errorText(error)}`));
      errors.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
