// The webview view of the run-history panel: its page, its resource roots and the typed messages
// in both directions. What the messages do is decided by the caller's handler.
import * as vscode from 'vscode';
import { createNonce, renderPanelHtml } from './html';
import { parseWebviewMessage, type ExtensionToWebview, type PanelView, type WebviewToExtension } from './messages';

/** Id of the view in package.json's `contributes.views`; VS Code adds the `<id>.focus` command. */
export const RUN_HISTORY_VIEW_ID = 'processorLens.runHistory';

export class RunHistoryViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly visibilityListeners = new Set<(visible: boolean) => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (message: WebviewToExtension) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [webviewRoot, vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = renderPanelHtml({
      cspSource: view.webview.cspSource,
      nonce: createNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel.css')).toString(),
    });

    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message === null) {
          this.log.warn(`run-history panel: ignored an unexpected webview message ${JSON.stringify(raw)?.slice(0, 200)}`);
          return;
        }
        this.onMessage(message);
      }),
      view.onDidChangeVisibility(() => this.notifyVisibility(view.visible)),
      view.onDidDispose(() => {
        this.view = null;
        this.notifyVisibility(false);
      }),
    );
    this.notifyVisibility(view.visible);
  }

  /** Registers a listener for the view being shown or hidden (including its first resolution). */
  onDidChangeVisibility(listener: (visible: boolean) => void): vscode.Disposable {
    this.visibilityListeners.add(listener);
    return new vscode.Disposable(() => this.visibilityListeners.delete(listener));
  }

  showView(view: PanelView): void {
    this.post({ type: 'view', view });
  }

  showNotice(text: string): void {
    this.post({ type: 'notice', text });
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.visibilityListeners.clear();
  }

  private post(message: ExtensionToWebview): void {
    // A hidden view's page is discarded (retainContextWhenHidden is off) and requests the current
    // view with `ready` when it is rebuilt, so a post that fails while hidden loses nothing.
    void this.view?.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.log.warn(`run-history panel: posting ${message.type} failed: ${String(error)}`);
    });
  }

  private notifyVisibility(visible: boolean): void {
    for (const listener of this.visibilityListeners) listener(visible);
  }
}
