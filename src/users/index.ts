export { authenticate } from './commands/authenticate.js';
export { changeOwnPassword } from './commands/changePassword.js';
export { createUser, type NewUserInput } from './commands/createUser.js';
export { type UserPatch, updateUser } from './commands/updateUser.js';
export { generatePassword, hashPassword, verifyPassword } from './passwords.js';
export { presentMe, presentUser } from './presenters.js';
export { countUsers, findUserByEmail, findUserById, listUsers } from './queries.js';
export { authRoutes, userRoutes } from './routes.js';
export { createSession, purgeExpiredSessions, resolveSession, revokeSession } from './sessions.js';
