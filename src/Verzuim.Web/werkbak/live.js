// Live updates: the server-sent events of GET /api/events ("zaak" whenever a case of my schools changed).
// EventSource reconnects by itself; the indicator tells the user whether the page is live.

export function connectLive(onCaseChanged, indicator) {
  if (!('EventSource' in window)) return null;
  const source = new EventSource('/api/events', { withCredentials: true });
  const show = (live, text) => {
    if (!indicator) return;
    indicator.dataset.live = live ? 'ja' : 'nee';
    indicator.textContent = text;
  };
  source.addEventListener('open', () => show(true, 'Live bijgewerkt'));
  source.addEventListener('error', () => show(false, source.readyState === EventSource.CLOSED ? 'Niet live: herlaad de pagina' : 'Verbinding herstellen…'));
  source.addEventListener('zaak', event => {
    let data = {};
    try { data = JSON.parse(event.data); } catch { /* a malformed event still means: something changed */ }
    onCaseChanged(data);
  });
  return source;
}
