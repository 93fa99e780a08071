/** Limits shared by form validation in the web UI and request schemas on the server. */
export const LIMITS = {
  emailMax: 254,
  nameMax: 120,
  passwordMin: 10,
  passwordMax: 200,
} as const;
