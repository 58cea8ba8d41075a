// The one way the front-ends talk to /api: cookie session, CSRF header on changes, problem details as errors.

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
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
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  if (response.status === 401) {
    location.href = `/account/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`;
    throw new ApiError({ title: 'Niet ingelogd' }, 401);
  }
  if (!response.ok) {
    const problem = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : { title: await response.text() };
    throw new ApiError(problem, response.status);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}
