// Small DOM and formatting helpers for the werkbak's pages.

/** el('button', { class: 'x', onclick }, 'text', child) — attributes starting with "on" become listeners. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [ name, value ] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const zone = 'Europe/Amsterdam';
const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
const date = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });
const plainDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export const formatDateTime = value => value ? dateTime.format(new Date(value)) : '–';
export const formatDate = value => value ? date.format(new Date(value)) : '–';
/** A calendar date as the API sends it (YYYY-MM-DD, no time zone): 15 maart 2026. */
export const formatDay = value => value ? plainDate.format(new Date(`${value}T00:00:00Z`)) : '–';

const shortDay = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone });
const shortDayYear = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });

/**
 * A deadline in school time, as the API counts it in the school's calendar: "nog 4 schooldagen, do 28 jan"; with the
 * year when it is more than 300 days away ("wo 22 sep 2032"), where the day alone could mean this year.
 */
export function schoolDaysText(value, schoolDaysLeft) {
  const far = Math.abs(new Date(value) - Date.now()) > 300 * 24 * 3600 * 1000;
  const day = (far ? shortDayYear : shortDay).format(new Date(value)).replace(/\./g, '');
  if (schoolDaysLeft === undefined || schoolDaysLeft === null) return day;
  if (new Date(value) < new Date()) return `verstreken, ${day}`;
  if (schoolDaysLeft === 0) return `vandaag, ${day}`;
  return `nog ${schoolDaysLeft} ${schoolDaysLeft === 1 ? 'schooldag' : 'schooldagen'}, ${day}`;
}

/** The deadline as a <time> element with the school days left, and a "voorlopig" mark when it is only an estimate. */
export const deadline = (value, schoolDaysLeft, provisional) => value ? [
  el('time', { datetime: value, title: formatDateTime(value), class: 'deadline' }, schoolDaysText(value, schoolDaysLeft)),
  provisional ? [ ' ', el('span', { class: 'badge badge-voorlopig' }, el('span', { 'aria-hidden': 'true' }, '≈ '), provisional) ] : null,
] : '–';

/** A <time> element that shows the instant in Dutch and carries it machine-readably. */
export const time = (value, format = formatDateTime) => value ? el('time', { datetime: value }, format(value)) : '–';

/** The server's own (Dutch) reason when it gave one; else a Dutch sentence for the status, never a bare "HTTP 404". */
export function errorText(error) {
  if (error.status === undefined)
    return error.name === 'TypeError' && /fetch|network/i.test(error.message) ? 'Geen verbinding met de server; probeer het zo opnieuw.' : error.message;
  if (error.status === 0) return 'Geen verbinding met de server; probeer het zo opnieuw.';
  if (error.message && !error.generic && !/^\s*</.test(error.message)) return error.message;
  if (error.status === 404) return 'Deze zaak of pagina bestaat niet, of hoort niet bij uw scholen.';
  if (error.status === 403) return 'Uw rol geeft geen toegang hiertoe.';
  if (error.status >= 500) return 'De server kon dit nu niet afhandelen. Probeer het over een paar minuten opnieuw; blijft het misgaan, meld het dan bij de beheerder.';
  return `De server weigerde dit verzoek (status ${error.status}).`;
}

/** Announces a message in the page's live region (and shows it). kind: 'info' | 'ok' | 'fout'. */
export function announce(message, kind = 'info') {
  const region = document.getElementById('status');
  if (!region) return;
  region.className = `status status-${kind}`;
  region.textContent = message;
  clearTimeout(announce.timer);
  if (kind !== 'fout') announce.timer = setTimeout(() => { region.textContent = ''; }, 8000);
}

/** A table with a caption, column headers and rows of cells (strings or nodes); the first cell of a row may be a header. */
export function table({ caption, columns, rows, empty = 'Geen gegevens.', className = 'data', rowAttributes = () => ({}) }) {
  if (rows.length === 0) return el('p', { class: 'muted empty' }, empty);
  return el('div', { class: 'table-wrap' },
    el('table', { class: className },
      caption ? el('caption', {}, caption) : null,
      el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col', class: c.className }, c.label)))),
      el('tbody', {}, rows.map(row => el('tr', rowAttributes(row),
        columns.map((c, i) => el(i === 0 && c.rowHeader ? 'th' : 'td', { scope: i === 0 && c.rowHeader ? 'row' : null, class: c.className }, c.value(row))))))));
}

/** An "overdue" badge: text and shape, not only colour. */
// "te laat" means arriving late in this domain (a kind of absence); an expired term is "termijn verstreken"
export const overdueBadge = () => el('span', { class: 'badge badge-verstreken' }, el('span', { 'aria-hidden': 'true' }, '⚠ '), 'Termijn verstreken');

/** Keeps a function from running more than once per burst of calls (live events come in bursts). */
export function debounce(fn, ms = 300) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
