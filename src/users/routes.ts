import { Type } from 'typebox';
import { UpdateMeBody } from '../../common/api/accounts.js';
import {
  ChangePasswordBody,
  CreateUserBody,
  LoginBody,
  MeView,
  UpdateUserBody,
  UserIdParams,
  UserList,
  UserView,
} from '../../common/api/auth.js';
import { NotFound, Unauthenticated } from '../errors.js';
import { actorOf, clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../http/request.js';
import type { Actor, App, AppDeps } from '../http/types.js';
import { authenticate } from './commands/authenticate.js';
import { changeOwnPassword } from './commands/change-password.js';
import { createUser } from './commands/create-user.js';
import { type InvitationContext, inviteUser, resendInvitation } from './commands/invite-user.js';
import { updateOwnAccount } from './commands/update-me.js';
import { updateUser } from './commands/update-user.js';
import { linkRoutes } from './link-routes.js';
import { presentMe, presentUser } from './presenters.js';
import { findUserById, listUsers } from './queries.js';
import { createSession } from './sessions.js';

const NoContent = Type.Null({ description: 'No content' });

/** Sign-in, sign-out, one-time links and the signed-in user's own account. */
export function authRoutes(app: App, deps: AppDeps): void {
  linkRoutes(app, deps);
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: MeView } },
    },
    async (request, reply) => {
      const user = await authenticate(deps.db, request.body.email, request.body.password, {
        now: deps.now(),
      });
      // One message for every failure: it must not reveal whether the e-mail exists.
      if (!user) throw new Unauthenticated('Wrong e-mail or password.', 'invalid_credentials');
      const token = await createSession(deps.db, user.id, deps.config.session, deps.now(), {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, token, deps);
      return presentMe(user);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      // Public so that signing out of an already expired session still clears the cookie.
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: NoContent } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deps.sessions.revoke(token);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'staff' },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: MeView } },
    },
    async (request) => presentMe(actorOf(request)),
  );

  app.patch(
    '/api/me',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['auth'],
        summary: 'Change own settings (language)',
        body: UpdateMeBody,
        response: { 200: MeView },
      },
    },
    async (request) => {
      const user = await updateOwnAccount(deps.db, actorOf(request).id, request.body);
      deps.sessions.forgetUser(user.id);
      return presentMe(user);
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'staff', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Change own password (ends your other sessions)',
        body: ChangePasswordBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(deps.db, {
        userId: actorOf(request).id,
        currentPassword: request.body.current_password,
        newPassword: request.body.new_password,
        keepSessionToken: request.sessionToken ?? '',
        now: deps.now(),
      });
      // Other sessions end: forget them here at once (other processes hear it from the database).
      deps.sessions.forgetUser(actorOf(request).id);
      return reply.code(204).send(null);
    },
  );
}

/** Staff accounts, administered by admins. */
export function userRoutes(app: App, deps: AppDeps): void {
  const admin = { access: ['admin'] as const };
  const invitation = (inviter: Actor): InvitationContext => ({
    inviter,
    publicUrl: deps.config.publicUrl,
    now: deps.now(),
  });

  app.get(
    '/api/users',
    {
      config: admin,
      schema: { tags: ['users'], summary: 'List staff accounts', response: { 200: UserList } },
    },
    async () => ({ users: (await listUsers(deps.db)).map(presentUser) }),
  );

  app.get(
    '/api/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'One staff account',
        params: UserIdParams,
        response: { 200: UserView },
      },
    },
    async (request) => {
      const user = await findUserById(deps.db, request.params.id);
      if (!user) throw new NotFound('User');
      return presentUser(user);
    },
  );

  app.post(
    '/api/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Create a staff account: invited by e-mail, or with a password when one is given',
        body: CreateUserBody,
        response: { 201: UserView },
      },
    },
    async (request, reply) => {
      const { password, ...fields } = request.body;
      const user =
        password === undefined
          ? await inviteUser(deps.db, fields, invitation(actorOf(request)))
          : await createUser(deps.db, { ...fields, password });
      return reply.code(201).send(presentUser(user));
    },
  );

  app.post(
    '/api/users/:id/invitation',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Send a new invitation link (earlier links stop working)',
        params: UserIdParams,
        response: { 200: UserView },
      },
    },
    async (request) =>
      presentUser(await resendInvitation(deps.db, request.params.id, invitation(actorOf(request)))),
  );

  app.patch(
    '/api/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Change name, role, disabled flag, language or password',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: UserView },
      },
    },
    async (request) => {
      const user = await updateUser(deps.db, request.params.id, request.body, deps.now());
      deps.sessions.forgetUser(user.id);
      return presentUser(user);
    },
  );
}
