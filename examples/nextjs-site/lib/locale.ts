/** The locale of the site's text and of its dates (labels, "4 minutes ago", "Nov 10, 2025"). */
export const LOCALE = "en-US";
