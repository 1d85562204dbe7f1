// The webview's HTML page. It loads only the bundled script and stylesheet, under a
// Content-Security-Policy that allows nothing else: no inline scripts or handlers, no remote
// content, and scripts only with this page's nonce.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin of resources loaded through `asWebviewUri`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/** Creates a nonce for one page load: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Builds the panel's Content-Security-Policy. Styles from the extension's own files are allowed.
 * Styles that the controls and the chart set through the CSSOM are allowed too, because CSP does
 * not govern them. Inline `<style>` blocks and `style` attributes in markup are blocked.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const csp = escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce));
  const nonce = escapeHtml(options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}" nonce="${nonce}">
<title>Run History</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
