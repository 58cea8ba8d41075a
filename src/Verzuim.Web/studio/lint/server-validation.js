// The server's own check (POST /api/definitions/validate) joins bpmnlint's results, so its problems show on the
// canvas and in the problem list exactly like lint issues (rule "server/<regel>", always an error).
import { api } from '../../shared/api.js';

const SETTLE_MS = 300;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export function serverProblemsAsIssues(problemen) {
  const issues = {};
  for (const p of problemen || []) {
    const rule = `server/${p.regel}`;
    (issues[rule] ||= []).push({ id: p.elementId, message: p.melding, category: 'error' });
  }
  return issues;
}

/**
 * The local results plus the server's, without the server's repeats of a problem the studio already reports on the
 * same element with the same words (e.g. an unreadable timer text): one problem, listed once.
 */
export function mergeServerIssues(local, server) {
  const seen = new Set(Object.values(local).flat().map(r => `${r.id}\u0000${r.message}`));
  const merged = { ...local };
  for (const [ rule, reports ] of Object.entries(server)) {
    // copies: bpmn-js-bpmnlint annotates the reports it gets, and ours are reused
    const fresh = reports.filter(r => !seen.has(`${r.id}\u0000${r.message}`)).map(r => ({ ...r }));
    if (fresh.length) merged[rule] = fresh;
  }
  return merged;
}

/**
 * Makes the modeler's `linting` also ask the server. Calls are debounced (a drag fires many changes) and the
 * answer for an unchanged file is reused. A failing call shows as one error on the diagram, never as "all fine".
 */
export function addServerValidation(modeler) {
  const linting = modeler.get('linting');
  const localLint = linting.lint.bind(linting);
  let ticket = 0;
  let lastXml = null;
  let lastIssues = {};

  async function serverIssues() {
    const mine = ++ticket;
    await sleep(SETTLE_MS);
    if (mine !== ticket) return lastIssues; // a newer change is on its way; bpmn-js-bpmnlint drops this result anyway
    const { xml } = await modeler.saveXML();
    if (xml === lastXml) return lastIssues;
    try {
      const result = await api('/api/definitions/validate', { method: 'POST', xml });
      lastIssues = serverProblemsAsIssues(result.problemen);
    } catch (error) {
      const root = modeler.get('canvas').getRootElement();
      lastIssues = { 'server/controle': [ { id: root.id, message: `De servercontrole kon niet draaien: ${error.message}`, category: 'error' } ] };
    }
    lastXml = xml;
    return lastIssues;
  }

  linting.lint = async () => {
    const [ local, server ] = await Promise.all([ localLint(), serverIssues() ]);
    return mergeServerIssues(local, server);
  };
}
