import type { AnyEmailKind } from '../kind.js';
import { layoutKind } from '../layout.js';
import { invitationEmail } from './invitation.js';
import { moderationDigestEmail } from './moderation-digest.js';
import { passwordResetEmail } from './password-reset.js';
import { reportAlertEmail } from './report-alert.js';
import { reportFailureEmail } from './report-failure.js';
import { reportResultEmail } from './report-result.js';
import { testMessageEmail } from './test-message.js';
import { texterFeedbackEmail } from './texter-feedback.js';

export {
  invitationEmail,
  moderationDigestEmail,
  passwordResetEmail,
  reportAlertEmail,
  reportFailureEmail,
  reportResultEmail,
  testMessageEmail,
  texterFeedbackEmail,
};

/** Every kind of e-mail, in the order of the Templates page. Add a kind here when it is created. */
export const EMAIL_KINDS: readonly AnyEmailKind[] = [
  layoutKind,
  invitationEmail,
  passwordResetEmail,
  texterFeedbackEmail,
  moderationDigestEmail,
  reportResultEmail,
  reportAlertEmail,
  reportFailureEmail,
  testMessageEmail,
];

export function findKind(key: string): AnyEmailKind | undefined {
  return EMAIL_KINDS.find((kind) => kind.key === key);
}
