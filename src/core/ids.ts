/** Ids as they arrive in paths, forms and arguments. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID: anything else cannot be a row's id, so it is not looked up (and never reaches a uuid cast). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** A seller's slug, its part of public URLs (/track/<slug>): the sellers table's CHECK, in one place for the app. */
export const SELLER_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
