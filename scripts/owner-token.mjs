// What makes an OWNER_TOKEN unsafe or unusable, for `npm start` (which warns) and
// `npm run deploy` (which refuses). Pure.

/** Shorter than this, a token is easy to guess: the owner's page and API run the store. */
export const MIN_OWNER_TOKEN_LENGTH = 20;

export const isShortOwnerToken = (token) => token.length < MIN_OWNER_TOKEN_LENGTH;

/**
 * Whether wrangler would read the token otherwise than it is written in a vars file
 * (.dev.vars, a --secrets-file): they are dotenv files, where `#` starts a comment, `$` names
 * a variable, and quotes, backslashes and spaces are taken apart. The Worker would then hold
 * another token than the one the owner signs in with.
 */
export const isMangledByDotenv = (token) => /[#$"'`\\\s]/.test(token);

export const SAFE_TOKEN_ADVICE = "Use letters, digits and + / = only, e.g. from: openssl rand -base64 24";
