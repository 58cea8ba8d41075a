// Models written by hand carry sequenceFlow sourceRef/targetRef but often no <bpmn:incoming>/<bpmn:outgoing> on
// the nodes. bpmn-js keeps both sides when modelling, and bpmnlint reads node.incoming/outgoing, so fill in the
// missing side after import (as bpmn-js would have written it); the engine reads past these references.
import { is } from 'bpmn-js/lib/util/ModelUtil.js';

function addOnce(list, item) {
  if (!list.includes(item)) list.push(item);
}

export function completeFlowReferences(definitions) {
  const visit = container => {
    for (const element of container.flowElements || []) {
      if (is(element, 'bpmn:SequenceFlow')) {
        if (element.sourceRef) addOnce(element.sourceRef.get('outgoing'), element);
        if (element.targetRef) addOnce(element.targetRef.get('incoming'), element);
      }
      if (element.flowElements) visit(element);
    }
  };
  for (const root of definitions.rootElements || []) if (is(root, 'bpmn:Process')) visit(root);
}
