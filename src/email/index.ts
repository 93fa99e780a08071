export type {
  AnyEmailKind,
  EmailAttachment,
  EmailKind,
  EmailToQueue,
  RenderedEmail,
  TemplateSource,
} from './kind.js';
export {
  EMAIL_KINDS,
  invitationEmail,
  moderationDigestEmail,
  passwordResetEmail,
  reportAlertEmail,
  reportFailureEmail,
  reportResultEmail,
  testMessageEmail,
  texterFeedbackEmail,
} from './kinds/index.js';
export type { InvitationVariables } from './kinds/invitation.js';
export type { ModerationDigestVariables } from './kinds/moderation-digest.js';
export type { PasswordResetVariables } from './kinds/password-reset.js';
export type { ReportAlertVariables } from './kinds/report-alert.js';
export type { ReportFailureVariables } from './kinds/report-failure.js';
export type { ReportResultVariables } from './kinds/report-result.js';
export type { TexterFeedbackVariables } from './kinds/texter-feedback.js';
export { queueEmail } from './queue.js';
export { renderEmail } from './render.js';
export { emailRoutes } from './routes.js';
export { runEmailRetention, runEmailSender } from './run.js';
export { type SendOptions, type SendResult, sendDueEmails } from './sender.js';
export { emailTasks } from './tasks.js';
export { listTemplates } from './templates.js';
export { createDelivery, type Delivery } from './transport.js';
