// Distribution: getting invitations to contacts and honouring their wish not to get any.
export { findUnsubscribeTarget, type UnsubscribeTarget, type UnsubscribeVia, unsubscribe } from './unsubscribe.ts';
