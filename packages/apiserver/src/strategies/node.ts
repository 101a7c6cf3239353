// Nodes: a kubelet registers its Node with status, so a create keeps the status
// it sends; spec updates keep the stored status.
import { Strategy } from '../registry/strategy';
import { kindRules } from './rules';
import { keepStoredStatus } from './status';

export const nodeStrategy: Strategy = { ...kindRules('Node'), prepareForUpdate: keepStoredStatus };
