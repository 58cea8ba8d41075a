/**
 * Dutch translate service for bpmn-js / diagram-js (and the properties panel,
 * which uses the same `translate` service).
 *
 * Usage:
 *
 *   import translateModule from './i18n/translate.js';
 *
 *   new BpmnModeler({
 *     container,
 *     additionalModules: [ translateModule, ... ]
 *   });
 *
 * Same contract as diagram-js' default translate(template, replacements):
 * the (Dutch) template has its `{name}` placeholders replaced by
 * `replacements[name]`; unknown placeholders are left as `{name}`.
 * Keys without a Dutch translation fall back to the English template.
 */

import nl from './nl.js';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * @param {string} template English template, e.g. 'Open {element}'
 * @param {Record<string, string>} [replacements] e.g. { element: 'Subproces' }
 *
 * @return {string}
 */
export function customTranslate(template, replacements) {
  replacements = replacements || {};

  const translated = (typeof template === 'string' && hasOwn.call(nl, template))
    ? nl[template]
    : template;

  // mirror diagram-js: non-string templates are a caller error; keep them visible
  if (typeof translated !== 'string') {
    return translated;
  }

  return translated.replace(/{([^}]+)}/g, function(_, key) {
    return replacements[key] || '{' + key + '}';
  });
}

export default {
  translate: [ 'value', customTranslate ]
};
