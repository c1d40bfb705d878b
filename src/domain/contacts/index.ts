export { type AccountInput, createAccount, deleteAccount, getAccount, type ListAccountsQuery, listAccounts, updateAccount } from './accounts.ts';
export { upsertAccounts } from './accounts-bulk.ts';
export {
  type AttributeDefinitionInput,
  createAttributeDefinition,
  deleteAttributeDefinition,
  getAttributeDefinition,
  listAttributeDefinitions,
  loadAttributeRules,
  updateAttributeDefinition,
} from './attributes.ts';
export { MAX_BATCH, upsertContacts } from './batch.ts';
export { applyContactPlan, type ContactPlan, planContacts } from './bulk.ts';
export { createContact, deleteContact, getContact, getContactSurveyHistory, type ListContactsQuery, listContacts, updateContact } from './contacts.ts';
export { type AttributeRule, checkAttributeValue, checkEmail, checkLanguage, checkPhone, checkTimeZone } from './fields.ts';
export {
  applyContactFilter,
  ContactFilter,
  contactFilterConditions,
  type ResolvedContactFilter,
  resolveContactFilter,
} from './filter.ts';
export { eraseContact, exportContact } from './gdpr.ts';
export { idempotent } from './idempotency.ts';
export type { ContactInput } from './write.ts';
