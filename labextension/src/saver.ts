/**
 * Saves the notebook after every answer: nbgrader's Submit does not save open notebooks,
 * and JupyterLab autosaves only every 120 s, so an unsaved click would never be graded.
 */

import { DocumentRegistry } from '@jupyterlab/docregistry';

/** Pause after the last keystroke in a text box before saving. */
const TYPING_PAUSE_MS = 800;

export class Saver {
  private busy = false;
  private again = false;
  private timer: number | undefined;

  constructor(private readonly context: DocumentRegistry.IContext<DocumentRegistry.IModel>) {}

  /** Save now (a choice) or after a pause in typing; saves never overlap. */
  request(now: boolean): void {
    window.clearTimeout(this.timer);
    if (now) {
      void this.save();
    } else {
      this.timer = window.setTimeout(() => void this.save(), TYPING_PAUSE_MS);
    }
  }

  private async save(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      if (!this.context.isDisposed) {
        await this.context.save();
      }
    } catch {
      // JupyterLab shows its own dialog when a save fails; the answer stays in the cell.
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        void this.save();
      }
    }
  }
}
