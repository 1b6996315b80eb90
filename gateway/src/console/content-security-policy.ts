/**
 * The console's content security policy: everything from the gateway itself — scripts, styles,
 * fonts, the editor's workers — and requests only to the gateway (and to the OpenID Connect
 * issuer, when one is configured). No CDN could load even if the page asked.
 */
export function consoleContentSecurityPolicy(oidcIssuer?: string): string {
  const issuer = oidcIssuer ? ` ${new URL(oidcIssuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and the editor set style attributes; Monaco injects its own <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self'${issuer}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}
