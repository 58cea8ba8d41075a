// Timer and due-date texts as the engine parses them (src/Verzuim.Workflows/Time: TimerSchedule, IsoDuration,
// SchoolTimeDuration, TimerDateTime), so the studio flags a bad kantelpunt before the server refuses the model.
// Each check returns null when the text is valid, else a Dutch message; `=expression` texts are computed at run
// time and only checked by the server.

const ISO_DURATION = /^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?$/i;
const SCHOOL_TIME = /^\s*(\d+)\s*school\s*(weken|weeks|week|dagen|days|dag|day)\s*$/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,7})?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i;
const CYCLE = /^R(\d*)\/(?:([^/]+)\/)?([^/]+)$/i;

const EXPECTED_DATE = "verwacht ISO 8601 datum-tijd (2026-03-15T09:00:00Z, 2026-03-15T09:00:00+01:00), Nederlandse tijd (2026-03-15T09:00) of een datum (2026-03-15).";
const EXPECTED_DURATION = "verwacht ISO 8601 (P3W, PT12H) of schooltijd ('3 schoolweken', '7 schooldagen').";
const EXPECTED_CYCLE = "verwacht ISO 8601 herhaling (R5/PT10M, R/P1D, R3/2026-01-05T08:00:00Z/P1W) of schooltijd ('R3/1 schoolweek').";

export const isExpression = text => typeof text === 'string' && text.trim().startsWith('=');

/** Duration in ISO 8601 or school time; returns { zero } or null. */
export function parseDuration(text) {
  const t = (text || '').trim();
  if (ISO_DURATION.test(t)) return { zero: !/[1-9]/.test(t) };
  const school = SCHOOL_TIME.exec(t);
  if (school) return { zero: Number(school[1]) === 0, schoolTime: true };
  return null;
}

/** A date or date-time as the engine accepts it (checks the calendar date and the clock, like DateTime would). */
export function parseDate(text) {
  const m = DATE_TIME.exec((text || '').trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', , , offH = '0', offM = '0'] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d));
  if (date.getUTCFullYear() !== +y || date.getUTCMonth() !== +mo - 1 || date.getUTCDate() !== +d) return null;
  if (+h > 23 || +mi > 59 || +s > 59 || +offH > 14 || +offM > 59) return null;
  return { date };
}

export function checkDate(text) {
  return parseDate(text) ? null : `Ongeldig tijdstip '${(text || '').trim()}': ${EXPECTED_DATE}`;
}

export function checkDuration(text) {
  return parseDuration(text) ? null : `Ongeldige tijdsduur '${(text || '').trim()}': ${EXPECTED_DURATION}`;
}

export function checkCycle(text) {
  const t = (text || '').trim();
  const m = CYCLE.exec(t);
  if (!m) return `Ongeldige herhaling '${t}': ${EXPECTED_CYCLE}`;
  if (m[1] && Number(m[1]) < 1)
    return `Ongeldige herhaling '${t}': het aantal herhalingen moet een getal van minstens 1 zijn (of weglaten voor onbeperkt, 'R/P1D').`;
  if (m[2] !== undefined && !parseDate(m[2]))
    return `Ongeldige herhaling '${t}': starttijd '${m[2].trim()}' is geen geldig tijdstip; ${EXPECTED_DATE}`;
  const interval = parseDuration(m[3]);
  if (!interval) return `Ongeldige herhaling '${t}': interval '${m[3].trim()}' is geen geldige tijdsduur; ${EXPECTED_DURATION}`;
  if (interval.zero) return `Ongeldige herhaling '${t}': interval '${m[3].trim()}' is nul; een herhaling moet vooruitgaan in de tijd.`;
  return null;
}

/** kind: 'timeDuration' | 'timeDate' | 'timeCycle' (the BPMN element names). */
export function checkTimer(kind, text) {
  if (isExpression(text)) return text.trim().length > 1 ? null : 'Lege expressie na =.';
  if (!text || !text.trim()) return 'Vul een tijd in, bijvoorbeeld 4 schoolweken of P2W.';
  if (kind === 'timeDate') return checkDate(text);
  if (kind === 'timeCycle') return checkCycle(text);
  return checkDuration(text);
}

/** verzuim:dueDate: a duration from task creation or a date (or =expression). Empty means no due date. */
export function checkDueDate(text) {
  if (!text || !text.trim()) return null;
  if (isExpression(text)) return text.trim().length > 1 ? null : 'Lege expressie na =.';
  if (parseDuration(text) || parseDate(text)) return null;
  return `Ongeldige vervaldatum '${text.trim()}': verwacht een duur (4 schoolweken, 5 schooldagen, P2W) of een datum (2026-03-15).`;
}
