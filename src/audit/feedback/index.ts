/** Feedback e-mails to texters (docs/feedback.md): reached through src/audit/index.ts. */
export { previewFeedback, resendFeedback, sendFeedback } from './compose.js';
export { eraseFeedbackTextOlderThan } from './retention.js';
export { feedbackRoutes } from './routes.js';
export { stopToken, stopUrl, texterOfStopToken } from './stop-link.js';
