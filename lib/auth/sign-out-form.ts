/** The sign-out form's field: "everywhere" ends every session of the user (all devices, all console instances). */
export const SIGN_OUT_SCOPE_FIELD = 'scope';
export const SIGN_OUT_EVERYWHERE = 'everywhere';
