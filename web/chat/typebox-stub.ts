/**
 * Stands in for TypeBox in the chat's build (vite.config.ts): common/api builds its request
 * schemas when it loads, but the browser only uses its constants and helpers, so those calls get
 * empty objects instead of pulling the schema library into the visitor's download.
 */
const schema = (): object => ({});
export const Type: Record<string, typeof schema> = new Proxy({}, { get: () => schema });
