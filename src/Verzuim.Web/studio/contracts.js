// The contract message names (GET /api/definitions/messages), loaded once; lint rules and the properties panel
// read them synchronously and treat "not loaded yet" as "don't know".
import { api } from '../shared/api.js';

let contracts = null;
let loading = null;

export function loadContracts() {
  loading ??= api('/api/definitions/messages').then(result => (contracts = result));
  return loading;
}

export const getContracts = () => contracts;
