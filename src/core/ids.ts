/** Ids as they arrive in paths, forms and arguments. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID: anything else cannot be a row's id, so it is not looked up (and never reaches a uuid cast). */
export const isUuid = (value: string): boolean => UUID.test(value);
