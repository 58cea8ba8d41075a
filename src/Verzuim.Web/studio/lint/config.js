// The lint configuration as a static object for the browser: bpmnlint's recommended rules plus this domain's rules,
// resolved from a static cache (what bpmnlint-loader generates for webpack; we have esbuild).
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import { userTaskRole, waitHasWayOut, messagesInContracts, schoolTime } from './verzuim-rules.js';

/**
 * @param {() => ({ inkomend: string[], uitgaand: string[] } | null)} contracts the contract message names, once loaded
 * @return {{ config: object, resolver: StaticResolver }} what bpmn-js-bpmnlint's `linting.bpmnlint` takes
 */
export function lintConfig(contracts) {
  const cache = {
    'config:bpmnlint/recommended': recommended,
  'rule:bpmnlint/ad-hoc-sub-process': adHocSubProcess,
  'rule:bpmnlint/conditional-flows': conditionalFlows,
  'rule:bpmnlint/end-event-required': endEventRequired,
  'rule:bpmnlint/event-based-gateway': eventBasedGateway,
  'rule:bpmnlint/event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'rule:bpmnlint/fake-join': fakeJoin,
  'rule:bpmnlint/global': global,
  'rule:bpmnlint/label-required': labelRequired,
  'rule:bpmnlint/link-event': linkEvent,
  'rule:bpmnlint/no-bpmndi': noBpmndi,
  'rule:bpmnlint/no-complex-gateway': noComplexGateway,
  'rule:bpmnlint/no-disconnected': noDisconnected,
  'rule:bpmnlint/no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'rule:bpmnlint/no-gateway-join-fork': noGatewayJoinFork,
  'rule:bpmnlint/no-implicit-split': noImplicitSplit,
  'rule:bpmnlint/no-implicit-end': noImplicitEnd,
  'rule:bpmnlint/no-implicit-start': noImplicitStart,
  'rule:bpmnlint/no-inclusive-gateway': noInclusiveGateway,
  'rule:bpmnlint/no-overlapping-elements': noOverlappingElements,
  'rule:bpmnlint/single-blank-start-event': singleBlankStartEvent,
  'rule:bpmnlint/single-event-definition': singleEventDefinition,
  'rule:bpmnlint/start-event-required': startEventRequired,
  'rule:bpmnlint/sub-process-blank-start-event': subProcessBlankStartEvent,
  'rule:bpmnlint/superfluous-gateway': superfluousGateway,
  'rule:bpmnlint/superfluous-label': superfluousLabel,
  'rule:bpmnlint/superfluous-termination': superfluousTermination,
    'rule:bpmnlint-plugin-verzuim/user-task-role': userTaskRole,
    'rule:bpmnlint-plugin-verzuim/wait-has-way-out': waitHasWayOut,
    'rule:bpmnlint-plugin-verzuim/messages-in-contracts': messagesInContracts(contracts),
    'rule:bpmnlint-plugin-verzuim/school-time': schoolTime,
  };
  const config = {
    extends: 'bpmnlint:recommended',
    rules: {
      // The engine gives both a defined meaning (docs/bpmn-extensions.md: an exclusive gateway also merges; a
      // sub-process completes when its last token ends), and the shipped models use them: warnings, not errors.
      'no-gateway-join-fork': 'warn',
      'end-event-required': 'warn',
      // the engine runs inclusive gateways (docs/bpmn-extensions.md)
      'no-inclusive-gateway': 'off',
      'verzuim/user-task-role': 'error',
      'verzuim/wait-has-way-out': 'error',
      'verzuim/messages-in-contracts': 'error',
      'verzuim/school-time': 'error',
    },
  };
  return { config, resolver: new StaticResolver(cache) };
}
