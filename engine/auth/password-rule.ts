// The one password rule. The API enforces it and the setup page shows it, from here, so
// the hint and the check cannot drift apart again. No Node APIs: the wizard bundles it.

export const PASSWORD_MIN_LENGTH = 12;

/** The hint next to a new password, and the schema's description. */
export const PASSWORD_RULE = `At least ${PASSWORD_MIN_LENGTH} characters.`;
