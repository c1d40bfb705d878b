// The survey templates: complete in all six languages, short (at most seven questions), each
// publishable as it is once the workspace has the touchpoints it names (TEMPLATE_TOUCHPOINTS).

import { ces } from './ces.ts';
import type { SurveyTemplate } from './common.ts';
import { csat } from './csat.ts';
import { enps } from './enps.ts';
import { relationshipNpsB2b } from './relationship-nps-b2b.ts';
import { relationshipNpsB2c } from './relationship-nps-b2c.ts';
import { transactionalNpsDelivery } from './transactional-nps-delivery.ts';
import { transactionalNpsServiceVisit } from './transactional-nps-service-visit.ts';
import { transactionalNpsSupport } from './transactional-nps-support.ts';

export type { SurveyTemplate } from './common.ts';

/** Frozen all the way down: templates are shared, so a caller must copy one before changing it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = deepFreeze([
  relationshipNpsB2b,
  relationshipNpsB2c,
  transactionalNpsDelivery,
  transactionalNpsServiceVisit,
  transactionalNpsSupport,
  enps,
  csat,
  ces,
]);

export const findTemplate = (id: string): SurveyTemplate | undefined => SURVEY_TEMPLATES.find((template) => template.id === id);

/** The touchpoints templates refer to; creating a survey from a template creates those the workspace lacks. */
export const TEMPLATE_TOUCHPOINTS: readonly { key: string; name: string }[] = deepFreeze([
  { key: 'delivery', name: 'Delivery' },
  { key: 'service', name: 'Service visit' },
  { key: 'support', name: 'Customer support' },
]);
