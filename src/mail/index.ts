export { type BodyRenderer, createBodyRenderer, type EmailBodies, type RenderInputs } from './bodies.ts';
export { type MailDispatcher, startMailDispatcher } from './dispatcher.ts';
export { estimateMinutes, type InvitationInput, type RenderedInvitation, renderInvitation } from './invitation.ts';
export { createMailQueue, type MailQueue, type OutgoingEmail } from './outbox.ts';
export { renderEmail } from './templates.ts';
