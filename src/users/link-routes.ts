import { Type } from 'typebox';
import {
  InvitationTokenBody,
  InvitationView,
  PasswordResetAccepted,
  PasswordResetBody,
  RESET_VALID_MINUTES,
  SetPasswordBody,
} from '../../common/api/accounts.js';
import { MeView } from '../../common/api/auth.js';
import { setSessionCookie } from '../http/request.js';
import type { App, AppDeps } from '../http/types.js';
import { acceptInvitation, findInvitation } from './commands/accept-invitation.js';
import { completePasswordReset, requestPasswordReset } from './commands/reset-password.js';
import { presentInvitation, presentMe } from './presenters.js';
import { createSession } from './sessions.js';

const NoContent = Type.Null({ description: 'No content' });
/** Per client address and process, before the per-address limits kept in the database. */
const linkRateLimit = { max: 30, timeWindow: '1 minute' };

/** The public side of one-time links: invitations and "forgot password" (docs/accounts.md). */
export function linkRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/auth/invitation',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'The account an invitation link sets up',
        body: InvitationTokenBody,
        response: { 200: InvitationView },
      },
    },
    async (request) => presentInvitation(await findInvitation(deps.db, request.body.token, deps.now())),
  );

  app.post(
    '/api/auth/invitation/accept',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Set the password of an invited account and sign in',
        body: SetPasswordBody,
        response: { 200: MeView },
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const user = await acceptInvitation(deps.db, { ...request.body, now });
      const token = await createSession(deps.db, user.id, deps.config.session, now, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, token, deps);
      return presentMe(user);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Send a password reset link (the same answer whether or not the address exists)',
        body: PasswordResetBody,
        response: { 202: PasswordResetAccepted },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps.db, {
        email: request.body.email,
        ip: request.ip,
        publicUrl: deps.config.publicUrl,
        now: deps.now(),
      });
      return reply.code(202).send({ valid_minutes: RESET_VALID_MINUTES });
    },
  );

  app.post(
    '/api/auth/password-reset/complete',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password by a reset link (ends every session of the account)',
        body: SetPasswordBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const user = await completePasswordReset(deps.db, { ...request.body, now: deps.now() });
      deps.sessions.forgetUser(user.id);
      return reply.code(204).send(null);
    },
  );
}
