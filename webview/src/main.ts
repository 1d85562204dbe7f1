// Entry point of the panel's webview bundle (dist/webview/panel.js). It talks to the extension
// only through the typed messages of client/src/panel/messages.ts.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ExtensionToWebview, WebviewToExtension } from '../../client/src/panel/messages';
import { PanelApp } from './app';
import { HistoryChart } from './chart';
import { readPalette } from './chart-data';
import './panel.css';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToExtension): void };

function currentPalette() {
  const style = getComputedStyle(document.documentElement);
  return readPalette((name) => style.getPropertyValue(name));
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
let chart: HistoryChart | null = null;

const app = new PanelApp(document, root, vscode, (canvas) => {
  chart = new HistoryChart(canvas, currentPalette());
  return chart;
});

// VS Code switches themes by changing the body's class and the variables in the html element's
// style attribute. The chart draws its colours into a canvas, so they are read again on each change.
const themeObserver = new MutationObserver(() => chart?.setPalette(currentPalette()));
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === 'view' || type === 'notice') app.receive(event.data);
});
vscode.postMessage({ type: 'ready' });
