// bpmnlint rules of this domain (plugin "verzuim"): each a rule factory as bpmnlint expects
// (`() => ({ check(node, reporter) })`), reported on the flow node so the overlay sits on the shape.
import { is, isAny } from 'bpmnlint-utils';
import { checkTimer, checkDueDate } from '../school-time.js';

const attr = (node, name) => node.get ? node.get(name) : node[name];

/** Every user task names the role whose members may claim it. */
export function userTaskRole() {
  return {
    check(node, reporter) {
      if (is(node, 'bpmn:UserTask') && !(attr(node, 'verzuim:candidateRole') || '').trim())
        reporter.report(node.id, 'Gebruikerstaak heeft geen rol: vul de kandidaatrol in (verzuim:candidateRole).');
    },
  };
}

const definitionOf = (node, type) => (node.eventDefinitions || []).find(d => is(d, type));
const isTimerEvent = node => !!definitionOf(node, 'bpmn:TimerEventDefinition');
const isMessageEvent = node => !!definitionOf(node, 'bpmn:MessageEventDefinition');

function boundaryEventsOf(node) {
  const siblings = node.$parent?.flowElements || [];
  return siblings.filter(e => is(e, 'bpmn:BoundaryEvent') && e.attachedToRef === node);
}

const hasEscapeBoundary = node => boundaryEventsOf(node).some(b => isTimerEvent(b) || isMessageEvent(b));
const hasTerminateEnd = scope => (scope.flowElements || [])
  .some(e => is(e, 'bpmn:EndEvent') && definitionOf(e, 'bpmn:TerminateEventDefinition'));

function incomingSources(node) {
  return (node.incoming || []).map(flow => flow.sourceRef).filter(Boolean);
}

/** The message that ends a case because the pupil is back at school: waiting for it is itself a way out. */
export const RECOVERY_MESSAGE = 'SchoolgangHersteld';

const waitsFor = node => is(node, 'bpmn:ReceiveTask') ? node.messageRef?.name
  : definitionOf(node, 'bpmn:MessageEventDefinition')?.messageRef?.name;

/**
 * A case may not hang forever on a message that never comes. A message wait (receive task, message catch event,
 * event-based gateway) has a way out when it waits for the recovery message itself, or when a timer or another
 * message can end it: a timer or message boundary event on it or on an enclosing sub-process, another branch of its
 * event-based gateway, or a terminate end event in an enclosing scope (another branch then ends the wait, as the
 * case-wide "schoolgang hersteld" does). User tasks are not waits here: a person acts on them, by their due date.
 */
export function waitHasWayOut() {
  function afterEventGateway(node) {
    return incomingSources(node).some(source => is(source, 'bpmn:EventBasedGateway'));
  }

  function scopeHasWayOut(node) {
    for (let scope = node.$parent; scope; scope = scope.$parent) {
      if (hasTerminateEnd(scope)) return true;
      if (is(scope, 'bpmn:SubProcess') && hasEscapeBoundary(scope)) return true;
      if (is(scope, 'bpmn:Process')) return false;
    }
    return false;
  }

  return {
    check(node, reporter) {
      if (is(node, 'bpmn:EventBasedGateway')) {
        const targets = (node.outgoing || []).map(f => f.targetRef).filter(Boolean);
        if (targets.some(t => isTimerEvent(t) || waitsFor(t) === RECOVERY_MESSAGE) || targets.length > 1 || scopeHasWayOut(node)) return;
        reporter.report(node.id, 'Wachten zonder uitweg: geef deze gateway een timer of een tweede bericht (bijvoorbeeld herstel).');
        return;
      }
      const isWait = is(node, 'bpmn:ReceiveTask') || (is(node, 'bpmn:IntermediateCatchEvent') && isMessageEvent(node));
      if (!isWait || afterEventGateway(node) || waitsFor(node) === RECOVERY_MESSAGE) return;
      if (hasEscapeBoundary(node) || scopeHasWayOut(node)) return;
      reporter.report(node.id, 'Wachten zonder uitweg: voeg een timer (kantelpunt) of een herstelbericht toe als randgebeurtenis, of laat een andere tak de zaak beëindigen.');
    },
  };
}

/**
 * Message names must be contract names: what the model waits for among the incoming contracts, what it publishes
 * among the outgoing ones. `contracts()` gives `{ inkomend, uitgaand }` or null while they are not loaded yet.
 */
export function messagesInContracts(contracts) {
  return function() {
    function report(node, name, list, direction, reporter) {
      if (!name) {
        reporter.report(node.id, `Geen bericht gekozen: kies een ${direction} bericht uit de contracten.`);
      } else if (!list.includes(name)) {
        reporter.report(node.id, `Bericht '${name}' staat niet in de ${direction === 'inkomend' ? 'inkomende' : 'uitgaande'} contracten (${list.join(', ')}).`);
      }
    }

    return {
      check(node, reporter) {
        const known = contracts();
        if (!known) return;
        if (is(node, 'bpmn:ServiceTask')) {
          report(node, attr(node, 'verzuim:message'), known.uitgaand, 'uitgaand', reporter);
        } else if (is(node, 'bpmn:SendTask')) {
          report(node, node.messageRef?.name, known.uitgaand, 'uitgaand', reporter);
        } else if (is(node, 'bpmn:ReceiveTask')) {
          report(node, node.messageRef?.name, known.inkomend, 'inkomend', reporter);
        } else if (isAny(node, ['bpmn:ThrowEvent', 'bpmn:CatchEvent'])) {
          const definition = definitionOf(node, 'bpmn:MessageEventDefinition');
          if (!definition) return;
          const incoming = is(node, 'bpmn:CatchEvent');
          report(node, definition.messageRef?.name, incoming ? known.inkomend : known.uitgaand, incoming ? 'inkomend' : 'uitgaand', reporter);
        }
      },
    };
  };
}

const TIMER_KINDS = ['timeDuration', 'timeDate', 'timeCycle'];

/** Timers and due dates parse as ISO 8601 or school time ("4 schoolweken", "7 schooldagen"). */
export function schoolTime() {
  return {
    check(node, reporter) {
      if (is(node, 'bpmn:UserTask')) {
        const problem = checkDueDate(attr(node, 'verzuim:dueDate'));
        if (problem) reporter.report(node.id, problem);
      }
      if (!isAny(node, ['bpmn:CatchEvent'])) return;
      const timer = definitionOf(node, 'bpmn:TimerEventDefinition');
      if (!timer) return;
      const kinds = TIMER_KINDS.filter(kind => timer[kind]);
      if (kinds.length !== 1) {
        reporter.report(node.id, kinds.length ? 'Een timer heeft één soort tijd: duur, tijdstip of herhaling.' : 'Timer zonder tijd: vul een duur (4 schoolweken, P2W), een tijdstip of een herhaling in.');
        return;
      }
      const problem = checkTimer(kinds[0], timer[kinds[0]].body);
      if (problem) reporter.report(node.id, problem);
    },
  };
}
