/**
 * venous-course-quizform: the graded quizzes of the venous course answered by clicking.
 *
 * Every answer cell whose metadata carries `venous_course_form` (generated from the quiz
 * source by `python -m venous_course_tools.quizform`) shows a native form in place of its
 * editor. A choice writes the Python literal into the cell source through the cell model and
 * saves the notebook, so undo, checkpoints, Validate, submit and grading see the cell as if
 * it had been typed. Notebooks without that metadata are left alone.
 */

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Cell } from '@jupyterlab/cells';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { PanelLayout, Widget } from '@lumino/widgets';

import { FORM_KEY, FormSpec, formProblem } from './answer';
import { QuizForm } from './form';
import { Saver } from './saver';

/** The class that hides a cell's editor while its form is shown. */
const FORM_ON = 'vc-quizform-on';

/** Put `widget` right after the cell's input (editor or rendered markdown). */
function insertAfterInput(cell: Cell, widget: Widget): void {
  const layout = cell.layout as PanelLayout;
  const wrapper = cell.inputArea?.parent;
  const index = wrapper ? layout.widgets.indexOf(wrapper) : -1;
  layout.insertWidget(index >= 0 ? index + 1 : layout.widgets.length, widget);
}

/** A sentence in the cell when its metadata cannot be drawn; the editor stays usable. */
function problemNote(problem: string): Widget {
  const note = new Widget();
  note.addClass('vc-quizform-problem');
  const text = document.createElement('p');
  text.textContent = `The answer form cannot be shown here because ${problem}; type your answer in the cell instead.`;
  note.node.appendChild(text);
  return note;
}

function mount(cell: Cell, saver: Saver): void {
  const meta = cell.model.getMetadata(FORM_KEY);
  const shared = cell.model.sharedModel;
  const problem = formProblem(meta, cell.model.type, shared.getSource());
  if (problem) {
    insertAfterInput(cell, problemNote(problem));
    return;
  }
  const form = new QuizForm(meta as FormSpec, {
    source: () => shared.getSource(),
    setSource: source => shared.setSource(source),
    save: now => saver.request(now),
    showEditor: show => cell.toggleClass(FORM_ON, !show)
  });
  const onChange = (_: unknown, change: { sourceChange?: unknown }) => {
    if (change.sourceChange) {
      form.sync();
    }
  };
  shared.changed.connect(onChange);
  form.disposed.connect(() => shared.changed.disconnect(onChange));
  cell.addClass(FORM_ON);
  insertAfterInput(cell, form);
}

function watch(panel: NotebookPanel): void {
  const seen = new WeakSet<Cell>();
  const saver = new Saver(panel.context);
  const attachAll = () => {
    for (const cell of panel.content.widgets) {
      if (seen.has(cell) || cell.model.getMetadata(FORM_KEY) === undefined) {
        continue;
      }
      seen.add(cell);
      void cell.ready.then(() => {
        if (!cell.isDisposed) {
          try {
            mount(cell, saver);
          } catch (err) {
            insertAfterInput(cell, problemNote('its form description could not be read'));
          }
        }
      });
    }
  };
  void panel.context.ready.then(() => {
    attachAll();
    panel.content.model?.cells.changed.connect(() => requestAnimationFrame(attachAll));
  });
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'venous-course-quizform:plugin',
  description: 'Answer the graded quizzes of the venous course with accessible forms.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_app: JupyterFrontEnd, tracker: INotebookTracker) => {
    tracker.widgetAdded.connect((_, panel) => watch(panel));
  }
};

export default plugin;
