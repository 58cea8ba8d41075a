// The case's dossier notes: short lines everyone on the case reads; the author may change or remove a note until
// the time the API gives (bewerkbaarTot), after which it stands as written. No medical detail, no BSN: the API
// refuses those with the reason, shown next to the form. Rendered once and after its own changes only, so a live
// update of the case never wipes a note being typed.
import { api } from '../shared/api.js';
import { el, time, formatDateTime, announce, errorText } from './dom.js';

const MAX = 500;

export function renderNotes(container, caseId) {
  const list = el('ul', { class: 'notes', id: 'notities-lijst' });
  const errors = el('div', { class: 'form-errors', role: 'alert', tabindex: '-1', id: 'notitie-fout' });
  const text = el('textarea', { id: 'notitie-nieuw', rows: 2, maxlength: MAX, 'aria-describedby': 'notitie-hint notitie-teller' });
  const counter = el('span', { id: 'notitie-teller', class: 'hint' });
  const updateCounter = () => { counter.textContent = `${text.value.length} van ${MAX} tekens`; };
  text.addEventListener('input', updateCounter);
  updateCounter();
  const add = el('button', { type: 'submit', class: 'primary' }, 'Notitie plaatsen');
  const form = el('form', { class: 'note-form', 'aria-label': 'Notitie toevoegen', novalidate: true },
    el('label', { for: 'notitie-nieuw' }, 'Nieuwe notitie'),
    el('p', { class: 'hint', id: 'notitie-hint' }, 'Kort en zakelijk, voor iedereen die de zaak mag zien; geen medische gegevens en geen BSN. Alleen de auteur kan een notitie nog wijzigen of verwijderen, tot het tijdstip dat erbij staat.'),
    text, counter, errors, el('div', { class: 'actions' }, add));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    errors.replaceChildren();
    if (!text.value.trim()) return showError(errors, 'Schrijf eerst een notitie.', text);
    add.disabled = true;
    try {
      await api(`/api/cases/${caseId}/notities`, { method: 'POST', json: { tekst: text.value } });
      text.value = '';
      updateCounter();
      announce('Notitie geplaatst.', 'ok');
      await load();
      text.focus();
    } catch (error) {
      showError(errors, errorText(error), text);
    } finally { add.disabled = false; }
  });

  container.replaceChildren(list, form);

  async function load() {
    try {
      const notes = await api(`/api/cases/${caseId}/notities`);
      list.replaceChildren(...(notes.length ? notes.map(note) : [ el('li', { class: 'muted' }, 'Nog geen notities.') ]));
    } catch (error) {
      list.replaceChildren(el('li', { class: 'error' }, errorText(error)));
    }
  }

  function note(n) {
    const item = el('li', { class: 'note', 'data-notitie-id': n.id });
    const show = () => {
      item.replaceChildren(
        el('p', { class: 'note-text' }, n.tekst),
        el('p', { class: 'note-meta' }, `${n.auteur}, `, time(n.geplaatstOp), n.gewijzigdOp ? [ ' (gewijzigd ', time(n.gewijzigdOp), ')' ] : null,
          `; ${editable(n)}`),
        n.bewerkbaar ? el('div', { class: 'actions' },
          el('button', { type: 'button', 'data-action': 'wijzigen', 'aria-label': `Notitie van ${formatDateTime(n.geplaatstOp)} wijzigen`, onclick: edit }, 'Wijzigen'),
          el('button', { type: 'button', 'data-action': 'verwijderen', 'aria-label': `Notitie van ${formatDateTime(n.geplaatstOp)} verwijderen`, onclick: remove }, 'Verwijderen'))
          : null);
    };
    const edit = () => {
      const id = `notitie-${n.id}`;
      const field = el('textarea', { id, rows: 2, maxlength: MAX }, n.tekst);
      const problems = el('div', { class: 'form-errors', role: 'alert', tabindex: '-1' });
      const save = el('button', { type: 'submit', class: 'primary' }, 'Opslaan');
      const editForm = el('form', { class: 'note-form', novalidate: true, 'aria-label': 'Notitie wijzigen' },
        el('label', { for: id }, `Notitie wijzigen (kan tot ${formatDateTime(n.bewerkbaarTot)})`), field, problems,
        el('div', { class: 'actions' }, save, el('button', { type: 'button', onclick: () => { show(); item.querySelector('[data-action=wijzigen]')?.focus(); } }, 'Annuleren')));
      editForm.addEventListener('submit', async event => {
        event.preventDefault();
        save.disabled = true;
        try {
          Object.assign(n, await api(`/api/cases/${caseId}/notities/${n.id}`, { method: 'PUT', json: { tekst: field.value } }));
          show();
          announce('Notitie gewijzigd.', 'ok');
          item.querySelector('[data-action=wijzigen]')?.focus();
        } catch (error) {
          showError(problems, errorText(error), field);
        } finally { save.disabled = false; }
      });
      item.replaceChildren(editForm);
      field.focus();
    };
    const remove = async () => {
      try {
        await api(`/api/cases/${caseId}/notities/${n.id}`, { method: 'DELETE' });
        announce('Notitie verwijderd.', 'ok');
        await load();
        text.focus();
      } catch (error) {
        announce(errorText(error), 'fout');
      }
    };
    show();
    return item;
  }

  return load();
}

/** Until when the note can change, and by whom: it stands once the window has passed. */
function editable(n) {
  const until = formatDateTime(n.bewerkbaarTot);
  if (n.bewerkbaar) return `u kunt deze notitie wijzigen of verwijderen tot ${until}`;
  if (new Date(n.bewerkbaarTot) > new Date()) return `alleen ${n.auteur} kan deze notitie wijzigen, tot ${until}`;
  return `vastgelegd, niet meer te wijzigen (kon tot ${until})`;
}

function showError(region, message, field) {
  region.replaceChildren(el('p', {}, message));
  field.setAttribute('aria-invalid', 'true');
  field.focus();
}
