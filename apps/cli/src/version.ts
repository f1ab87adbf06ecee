/** The CLI's version (`switchyard --version`, and the User-Agent it sends). */
export const CLI_VERSION = '0.1.0';
