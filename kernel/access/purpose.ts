/** A declared purpose is a code, e.g. `tax-assessment` or `open-account:2026-11`. */
const PURPOSE = /^[A-Za-z0-9][A-Za-z0-9._:-]{2,99}$/;

export const PURPOSE_RULE = 'a code of 3 to 100 letters, digits, dots, colons or dashes';

export const isPurpose = (value: string): boolean => PURPOSE.test(value);
