// Accessible tabs (WAI-ARIA tab pattern): arrow keys, Home and End move between tabs; one panel shows at a time.
import { el } from './dom.js';

export function tabs(id, items) {
  const list = el('div', { role: 'tablist', class: 'tablist', 'aria-label': 'Werkbladen' });
  const panels = [];
  const buttons = items.map((item, index) => {
    const button = el('button', {
      type: 'button', role: 'tab', id: `${item.id}-tab`, 'aria-controls': item.id,
      'aria-selected': index === 0 ? 'true' : 'false', tabindex: index === 0 ? '0' : '-1',
    }, item.label);
    panels.push(el('section', { role: 'tabpanel', id: item.id, 'aria-labelledby': `${item.id}-tab`, tabindex: '0', hidden: index !== 0 }, item.content));
    return button;
  });

  function select(tabId, focus = false) {
    buttons.forEach((button, index) => {
      const selected = items[index].id === tabId;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      panels[index].hidden = !selected;
      if (selected && focus) button.focus();
    });
  }

  buttons.forEach((button, index) => {
    button.addEventListener('click', () => select(items[index].id));
    button.addEventListener('keydown', event => {
      const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      let next = null;
      if (move) next = (index + move + items.length) % items.length;
      if (event.key === 'Home') next = 0;
      if (event.key === 'End') next = items.length - 1;
      if (next === null) return;
      event.preventDefault();
      select(items[next].id, true);
    });
  });
  list.append(...buttons);

  return {
    root: el('div', { class: 'tabs', id }, list, ...panels),
    select,
    setLabel(tabId, label) {
      const index = items.findIndex(item => item.id === tabId);
      if (index >= 0) buttons[index].textContent = label;
    },
  };
}
