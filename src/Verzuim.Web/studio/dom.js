// Tiny DOM and formatting helpers shared by the studio's views.

/** el('button', { class: 'x', onclick }, 'text', child) — attributes starting with "on" become listeners. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [ name, value ] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const date = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Amsterdam' });

export const formatDateTime = value => value ? dateTime.format(new Date(value)) : '–';
export const formatDate = value => value ? date.format(new Date(value)) : '–';

/** Announces a message in the page's live region (and shows it). kind: 'info' | 'ok' | 'fout'. */
export function announce(message, kind = 'info') {
  const region = document.getElementById('status');
  if (!region) return;
  region.className = `status status-${kind}`;
  region.textContent = message;
}

/** Offers text as a file download. */
export function download(filename, text, type = 'application/xml') {
  const url = URL.createObjectURL(new Blob([ text ], { type }));
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A real, keyboard-focusable file input (visually hidden) with a button-like label: reads the chosen .bpmn file
 * and hands { name, text } to onFile.
 */
export function fileInput(id, label, onFile, accept = '.bpmn,.xml,application/xml,text/xml') {
  const input = el('input', { id, type: 'file', accept, class: 'file-input' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    input.value = '';
    onFile({ name: file.name, text });
  });
  return el('span', { class: 'file-pick' }, input, el('label', { for: id, class: 'button' }, label));
}
