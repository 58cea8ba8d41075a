// The one way the front-ends talk to /api: cookie session, CSRF header on changes, problem details as errors.

// said when the server gives no reason of its own (a proxy's error page, a dropped connection)
const STATUS_TEXT = {
  0: 'De server is niet bereikbaar', 400: 'Het verzoek is ongeldig', 403: 'Geen toegang', 404: 'Niet gevonden',
  409: 'Dit botst met een andere wijziging', 413: 'Het bestand is te groot', 415: 'Verkeerd soort bestand',
  422: 'Dit kan niet worden verwerkt', 429: 'Te veel verzoeken; probeer het zo opnieuw', 500: 'Er ging iets mis op de server',
  502: 'De server is niet bereikbaar', 503: 'De server is tijdelijk niet beschikbaar', 504: 'De server antwoordde niet op tijd',
};
export const statusText = status => `${STATUS_TEXT[status] || (status >= 500 ? STATUS_TEXT[500] : STATUS_TEXT[400])}${status ? ` (${status})` : ''}`;

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem?.detail || problem?.title || statusText(status));
    this.generic = !(problem?.detail || problem?.title); // no reason from the server: a page may say it better
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', json, xml, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  let body;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  if (xml !== undefined) { headers['Content-Type'] = 'application/xml'; body = xml; }
  if (method !== 'GET') headers['X-Verzuim-Csrf'] = '1';
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(null, 0);
  }
  if (response.status === 401) {
    location.href = `/account/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`;
    throw new ApiError({ title: 'Niet ingelogd' }, 401);
  }
  if (!response.ok) {
    // only a problem document carries a reason meant for people; anything else (an HTML error page) is not shown
    const problem = (response.headers.get('Content-Type') || '').includes('json') ? await response.json().catch(() => null) : null;
    throw new ApiError(problem, response.status);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}
