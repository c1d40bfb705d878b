export { type MailDispatcher, startMailDispatcher } from './dispatcher.ts';
export { createMailQueue, type MailQueue, type OutgoingEmail } from './outbox.ts';
export { renderEmail } from './templates.ts';
