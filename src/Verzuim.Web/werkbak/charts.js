// The overview's charts (Chart.js), each with the same figures as a table for screen-reader and keyboard users:
// the canvas is an image with a text alternative, the table is the accessible source of truth.
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';
import { el } from './dom.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

// Okabe-Ito: distinguishable with the common colour-vision deficiencies; the table carries the figures anyway
const palette = [ '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000' ];
const shortDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "wk 49 (30 nov)": Dutch schools name weeks by their ISO number; the Monday makes it unambiguous across years. */
export const weekLabel = week => `wk ${week.week} (${shortDay.format(new Date(`${week.maandag}T00:00:00Z`))})`;

/**
 * A figure with a stacked bar chart and its table. `categories` label the bars, `series` are { naam, waarden } in
 * category order. Returns { figure, destroy } so a re-render can free the previous chart.
 */
export function barFigure({ id, title, description, categories, categoryHeader, series, empty }) {
  const heading = el('h3', { id: `${id}-kop` }, title);
  const total = series.reduce((sum, s) => sum + s.waarden.reduce((a, b) => a + b, 0), 0);
  if (total === 0)
    return { figure: el('figure', { class: 'chart', id, 'aria-labelledby': `${id}-kop` }, heading, el('p', { class: 'muted empty' }, empty)), destroy() {} };

  const canvas = el('canvas', { role: 'img', 'aria-label': `${title}. ${description} De cijfers staan in de tabel onder de grafiek.` });
  const rows = categories.map((label, i) => ({ label, values: series.map(s => s.waarden[i]) }));
  const figure = el('figure', { class: 'chart', id, 'aria-labelledby': `${id}-kop` },
    heading,
    el('p', { class: 'muted' }, description),
    el('div', { class: 'chart-canvas' }, canvas),
    el('details', { class: 'chart-table' },
      el('summary', {}, 'Cijfers als tabel'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
        el('caption', {}, title),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, categoryHeader), series.map(s => el('th', { scope: 'col', class: 'number' }, s.naam)),
          series.length > 1 ? el('th', { scope: 'col', class: 'number' }, 'Totaal') : null)),
        el('tbody', {}, rows.map(row => el('tr', {}, el('th', { scope: 'row' }, row.label),
          row.values.map(v => el('td', { class: 'number' }, String(v))),
          series.length > 1 ? el('td', { class: 'number' }, String(row.values.reduce((a, b) => a + b, 0))) : null)))))));

  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: categories,
      datasets: series.map((s, i) => ({ label: s.naam, data: s.waarden, backgroundColor: palette[i % palette.length] })),
    },
    options: {
      animation: false, // live updates redraw the overview; moving bars would only distract
      maintainAspectRatio: false,
      responsive: true,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
  return { figure, destroy: () => chart.destroy() };
}

export const weekFigure = ({ chart, ...rest }) =>
  barFigure({ ...rest, categories: chart.weken.map(weekLabel), categoryHeader: 'Week', series: chart.reeksen });

