// "Meldingen": my e-mail notifications (new, assigned and overdue tasks) and the daily digest, each on or off. Saved
// as soon as a box changes; the address is the one my sign-in gave (the identity provider's), shown, not editable.
import { api } from '../shared/api.js';
import { el, announce, errorText } from './dom.js';

export function renderNotificationSettings() {
  const status = el('p', { class: 'muted', id: 'meldingen-adres' }, 'Laden…');
  const box = id => el('input', { type: 'checkbox', id, disabled: true });
  const notify = box('meldingen-taken');
  const digest = box('meldingen-dagoverzicht');
  const section = el('details', { class: 'settings', id: 'meldingen', open: location.hash === '#meldingen' },
    el('summary', {}, 'Meldingen'),
    el('fieldset', {},
      el('legend', {}, 'E-mail van Verzuim'),
      el('div', { class: 'check' }, notify, el('label', { for: notify.id }, 'E-mail bij een nieuwe taak voor mijn rol, een taak die aan mij is toegewezen en een verstreken termijn')),
      el('div', { class: 'check' }, digest, el('label', { for: digest.id }, 'Dagoverzicht van mijn open taken, elke schooldag')),
      status));

  const show = settings => {
    notify.checked = settings.meldingen;
    digest.checked = settings.samenvatting;
    notify.disabled = digest.disabled = false;
    status.textContent = !settings.mailAan ? 'E-mail staat op deze server uit; uw keuze geldt zodra die aan gaat.'
      : settings.email ? `E-mail gaat naar ${settings.email}.` : 'Er is geen e-mailadres van u bekend; vraag de beheerder van uw account om het toe te voegen.';
  };
  const save = async () => {
    notify.disabled = digest.disabled = true;
    try {
      show(await api('/api/me/meldingen', { method: 'PUT', json: { meldingen: notify.checked, samenvatting: digest.checked } }));
      announce(`Meldingen opgeslagen: e-mail bij taken ${notify.checked ? 'aan' : 'uit'}, dagoverzicht ${digest.checked ? 'aan' : 'uit'}.`, 'ok');
    } catch (error) {
      announce(errorText(error), 'fout');
      notify.disabled = digest.disabled = false;
    }
  };
  notify.addEventListener('change', save);
  digest.addEventListener('change', save);
  api('/api/me/meldingen').then(show).catch(error => { status.textContent = errorText(error); });
  return section;
}
