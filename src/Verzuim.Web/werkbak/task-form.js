// A task's form from its definition (verzuim:formField): outcome choices, dates, short texts, yes/no (e.g. consent).
// Every field has a visible label; required fields say so; the server's refusal (422) is shown next to the form.
// A task whose model asks for it (verzuim:bevestiging, e.g. the step-1 watch task that escalates to step 2) is only
// sent after the person answers the question in the form itself, so a form sent by accident changes nothing.
import { api } from '../shared/api.js';
import { el } from './dom.js';

let formCounter = 0;
// per case: element id -> the question to ask before completing (GET /api/cases/{id}/bevestigingen)
const confirmations = new Map();
const confirmationsOf = caseId => {
  if (!confirmations.has(caseId)) {
    const request = api(`/api/cases/${caseId}/bevestigingen`);
    request.catch(() => confirmations.delete(caseId)); // asked again next time
    confirmations.set(caseId, request);
  }
  return confirmations.get(caseId);
};

export function renderTaskForm(task, { onDone, onCancel }) {
  const prefix = `f${++formCounter}`;
  const fields = Array.isArray(task.formulier) ? task.formulier : [];
  const errors = el('div', { class: 'form-errors', role: 'alert', tabindex: '-1' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Taak afronden');
  const confirmArea = el('div', {});
  const question = confirmationsOf(task.caseId).then(all => all?.[task.elementId] || null);
  question.catch(() => {});
  const form = el('form', { class: 'task-form', novalidate: true, 'aria-label': `Formulier: ${task.naam || task.elementId}` },
    fields.length === 0 ? el('p', { class: 'muted' }, 'Deze taak heeft geen formulier: afronden legt vast dat ze gedaan is.') : null,
    fields.map(field => renderField(field, `${prefix}-${field.id}`)),
    errors,
    confirmArea,
    el('div', { class: 'actions' }, submit, el('button', { type: 'button', onclick: () => onCancel() }, 'Annuleren')));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    errors.replaceChildren();
    const { data, problems } = read(form, fields, prefix);
    if (problems.length > 0) return showErrors(problems);
    let ask;
    try { ask = await question; } catch {
      return showErrors([ 'Kon niet nagaan of deze taak een bevestiging vraagt; probeer het opnieuw.' ]);
    }
    if (ask) return askFirst(ask, data);
    await complete(data);
  });

  async function complete(data) {
    submit.disabled = true;
    try {
      await api(`/api/tasks/${task.id}/complete`, { method: 'POST', json: data });
      await onDone();
    } catch (error) {
      showErrors(error.problem?.fouten?.length ? error.problem.fouten : [ error.message ]);
    } finally {
      submit.disabled = false;
    }
  }

  // the question in the form, with its own two buttons; nothing is sent until "Ja, doorgaan"
  function askFirst(text, data) {
    const id = `${prefix}-bevestiging`;
    const yes = el('button', { type: 'button', class: 'primary', 'data-action': 'bevestigen' }, 'Ja, doorgaan');
    const no = el('button', { type: 'button', 'data-action': 'niet-bevestigen' }, 'Nee, niet afronden');
    const box = el('div', { class: 'confirm-step', role: 'group', 'aria-labelledby': id },
      el('p', { id }, text), el('div', { class: 'actions' }, yes, no));
    submit.disabled = true;
    yes.addEventListener('click', async () => {
      yes.disabled = no.disabled = true;
      confirmArea.replaceChildren();
      await complete(data);
    });
    no.addEventListener('click', () => {
      confirmArea.replaceChildren();
      submit.disabled = false;
      submit.focus();
    });
    confirmArea.replaceChildren(box);
    yes.focus();
  }

  function showErrors(problems) {
    errors.replaceChildren(el('p', {}, 'De taak is nog niet afgerond:'), el('ul', {}, problems.map(p => el('li', {}, p))));
    errors.focus();
  }
  return form;
}

/** Today (Dutch date) plus a number of years, as YYYY-MM-DD. */
function isoDay(years) {
  const [ y, m, d ] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()).split('-').map(Number);
  const day = new Date(Date.UTC(y + years, m - 1, d));
  return day.toISOString().slice(0, 10);
}

function renderField(field, id) {
  const required = !!field.required;
  const label = `${field.label || field.id}${required ? ' (verplicht)' : ''}`;
  const common = { id, name: field.id, required, 'aria-required': required ? 'true' : null };
  switch (field.type) {
    case 'enum': {
      const options = field.options || [];
      if (options.length > 6) {
        return el('div', { class: 'field' }, el('label', { for: id }, label),
          el('select', common, el('option', { value: '' }, '– kies –'), options.map(o => el('option', { value: o.id }, o.label || o.id))));
      }
      return el('fieldset', { class: 'field choices', 'data-field': field.id }, el('legend', {}, label),
        options.map((o, i) => el('div', { class: 'choice' },
          el('input', { type: 'radio', id: `${id}-${i}`, name: field.id, value: o.id, required }),
          el('label', { for: `${id}-${i}` }, o.label || o.id))));
    }
    case 'boolean':
      return el('fieldset', { class: 'field choices yes-no', 'data-field': field.id }, el('legend', {}, label),
        el('div', { class: 'choice' }, el('input', { type: 'radio', id: `${id}-ja`, name: field.id, value: 'true', required }), el('label', { for: `${id}-ja` }, 'Ja')),
        el('div', { class: 'choice' }, el('input', { type: 'radio', id: `${id}-nee`, name: field.id, value: 'false', required }), el('label', { for: `${id}-nee` }, 'Nee')));
    case 'date':
      // the engine refuses a date more than two years from today (a typing slip); the picker offers the same window
      return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { ...common, type: 'date', min: isoDay(-2), max: isoDay(2) }));
    case 'number':
      return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { ...common, type: 'number', step: 'any', inputmode: 'decimal' }));
    case 'text':
      return el('div', { class: 'field' }, el('label', { for: id }, label),
        el('p', { class: 'hint', id: `${id}-hint` }, 'Kort en zakelijk; geen medische gegevens.'),
        el('textarea', { ...common, rows: 3, maxlength: 4000, 'aria-describedby': `${id}-hint` }));
    default:
      return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { ...common, type: 'text', maxlength: 200, autocomplete: 'off' }));
  }
}

/** The form's values as the API wants them: true/false, numbers, YYYY-MM-DD; empty optional fields left out. */
function read(form, fields, prefix) {
  const data = {};
  const problems = [];
  for (const field of fields) {
    let value;
    if (field.type === 'enum' || field.type === 'boolean') {
      const checked = form.querySelector(`input[name="${CSS.escape(field.id)}"]:checked`);
      const select = form.querySelector(`select[name="${CSS.escape(field.id)}"]`);
      value = checked ? checked.value : select?.value || '';
      if (field.type === 'boolean' && value !== '') value = value === 'true';
    } else {
      const input = form.querySelector(`#${CSS.escape(`${prefix}-${field.id}`)}`);
      value = input.value.trim();
      if (field.type === 'number' && value !== '') {
        value = Number(value);
        if (Number.isNaN(value)) { problems.push(`'${field.label}' moet een getal zijn.`); continue; }
      }
    }
    if (value === '') {
      if (field.required) problems.push(`'${field.label}' is verplicht.`);
      continue;
    }
    data[field.id] = value;
  }
  return { data, problems };
}
