/**
 * The form drawn in place of an answer cell's editor: native inputs in a fieldset whose
 * legend names the question, a status line in words, and an "Edit as text" toggle.
 *
 * The form holds no answer of its own: it reads the cell source (so undo, reopening and a
 * typed answer all show), and a choice writes the literal into the cell through its model.
 */

import { Widget } from '@lumino/widgets';

import {
  Answer,
  Choice,
  FormSpec,
  answerFromValue,
  literalOf,
  slotOptions,
  slots,
  statusOf
} from './answer';
import { readAnswer, shortSource, withAssignment } from './literal';

/** What nbgrader puts in a released markdown answer cell (the course's `text_stub` in
 * quizzes/nbgrader_config.py, or nbgrader's default): shown as an empty box. */
export const PLACEHOLDERS = ['Write your answer here (replace this line).', 'YOUR ANSWER HERE'];

/** How the form reaches its cell: read and write its source, save, show the editor. */
export interface ICellLink {
  source(): string;
  setSource(source: string): void;
  /** `now` saves at once (a click); otherwise after a pause in typing. */
  save(now: boolean): void;
  showEditor(show: boolean): void;
}

let counter = 0;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text = ''
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value !== undefined) {
      node.setAttribute(name, value);
    }
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

function label(choice: Choice): string {
  return `${choice.key}. ${choice.text}`;
}

export class QuizForm extends Widget {
  private readonly uid = `vc-quizform-${++counter}`;
  private readonly fieldset: HTMLFieldSetElement;
  private readonly status: HTMLParagraphElement;
  private readonly toggle: HTMLButtonElement;
  private readonly inputs: (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[] = [];
  private asText = false;
  private writing = false;

  constructor(
    private readonly spec: FormSpec,
    private readonly link: ICellLink
  ) {
    super();
    this.addClass('vc-quizform');
    // Keys typed in the form are for the form: no notebook shortcut (A, B, D D, arrows) fires,
    // and the notebook's own keydown handler, which moves focus back to the active cell in
    // command mode, never sees them (else arrow keys could not move between radio buttons).
    this.node.setAttribute('data-lm-suppress-shortcuts', 'true');
    this.node.addEventListener('keydown', event => event.stopPropagation());
    this.fieldset = element('fieldset', { class: 'vc-quizform-fieldset' });
    this.fieldset.appendChild(element('legend', {}, spec.legend));
    this.build();
    this.status = element('p', {
      class: 'vc-quizform-status',
      role: 'status',
      id: `${this.uid}-status`
    });
    this.fieldset.setAttribute('aria-describedby', this.status.id);
    this.toggle = element('button', { type: 'button', class: 'vc-quizform-toggle', 'aria-pressed': 'false' }, 'Edit as text');
    this.toggle.addEventListener('click', () => this.setTextMode(!this.asText));
    this.node.append(this.fieldset, this.status, this.toggle);
    this.node.addEventListener('change', event => this.onInput(event, true));
    this.node.addEventListener('input', event => this.onInput(event, false));
    // Clicks stay in the form: a double click must not open the cell's editor.
    this.node.addEventListener('dblclick', event => event.stopPropagation());
    this.sync();
  }

  /** Show the form again from the cell source (after undo, a typed edit, or reopening). */
  sync(): void {
    if (this.writing) {
      return;
    }
    const source = this.link.source();
    if (this.spec.kind === 'text') {
      const text = PLACEHOLDERS.includes(source.trim()) ? '' : source;
      const box = this.inputs[0] as HTMLTextAreaElement;
      if (box.value !== text) {
        box.value = text;
      }
      this.setStatus(statusOf(this.spec, new Map([['', [text]]])));
      return;
    }
    const reading = readAnswer(source, this.spec.variable!);
    let answer: Answer | null = new Map();
    let why = '';
    if (reading.kind === 'value') {
      answer = answerFromValue(this.spec, reading.value);
      why = 'the form has no choice for it';
    } else if (reading.kind === 'unreadable') {
      answer = null;
      why = reading.problem;
    }
    if (answer === null) {
      this.display(new Map());
      this.setStatus(
        `Your typed answer is kept: ${shortSource(source)} (${why}). Choosing in the form replaces it.`
      );
      return;
    }
    this.display(answer);
    this.setStatus(statusOf(this.spec, answer));
  }

  private setStatus(text: string): void {
    if (this.status.textContent !== text) {
      this.status.textContent = text;
    }
  }

  private setTextMode(on: boolean): void {
    this.asText = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggle.textContent = on ? 'Show the form' : 'Edit as text';
    this.fieldset.hidden = on;
    this.link.showEditor(on);
    if (!on) {
      this.sync();
    }
  }

  /** The answer the inputs hold now. */
  private read(): Answer {
    const answer: Answer = new Map(slots(this.spec).map(slot => [slot, [] as string[]]));
    for (const input of this.inputs) {
      const slot = input.dataset.slot ?? '';
      const list = answer.get(slot) ?? [];
      if (input instanceof HTMLInputElement && (input.type === 'radio' || input.type === 'checkbox')) {
        if (input.checked) {
          list.push(input.value);
        }
      } else if (input.value !== '' || input instanceof HTMLTextAreaElement || input.type === 'text') {
        list.push(input.value);
      }
      answer.set(slot, list);
    }
    return answer;
  }

  /** Set the inputs to an answer; a box being typed in keeps its own text. */
  private display(answer: Answer): void {
    for (const input of this.inputs) {
      const given = answer.get(input.dataset.slot ?? '') ?? [];
      if (input instanceof HTMLInputElement && (input.type === 'radio' || input.type === 'checkbox')) {
        input.checked = given.includes(input.value);
      } else if (input instanceof HTMLSelectElement) {
        input.value = given[0] ?? '';
      } else if (document.activeElement !== input) {
        input.value = given[0] ?? '';
      }
    }
  }

  private onInput(event: Event, committed: boolean): void {
    const target = event.target as HTMLElement;
    if (!this.inputs.includes(target as HTMLInputElement)) {
      return;
    }
    const typed = target instanceof HTMLTextAreaElement || (target as HTMLInputElement).type === 'text';
    if (!typed && !committed) {
      return; // a click also fires "input": write once, on "change"
    }
    const answer = this.read();
    const source =
      this.spec.kind === 'text'
        ? answer.get('')![0] ?? ''
        : withAssignment(this.link.source(), this.spec.variable!, literalOf(this.spec, answer));
    if (source !== this.link.source()) {
      this.writing = true;
      try {
        this.link.setSource(source);
      } finally {
        this.writing = false;
      }
    }
    this.setStatus(statusOf(this.spec, answer));
    this.link.save(committed || !typed);
  }

  private add<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    input: T,
    slot: string
  ): T {
    input.dataset.slot = slot;
    this.inputs.push(input);
    return input;
  }

  private choiceList(parent: HTMLElement, slot: string, options: Choice[], type: 'radio' | 'checkbox'): void {
    const list = element('div', { class: 'vc-quizform-choices' });
    for (const option of options) {
      const row = element('label', { class: 'vc-quizform-choice' });
      const input = this.add(
        element('input', { type, name: `${this.uid}-${slot}`, value: String(option.key) }),
        slot
      );
      row.append(input, element('span', {}, label(option)));
      list.appendChild(row);
    }
    parent.appendChild(list);
  }

  private select(parent: HTMLElement, slot: string, name: string, options: Choice[], prompt: string): void {
    const row = element('label', { class: 'vc-quizform-select' });
    const select = this.add(element('select'), slot);
    select.appendChild(element('option', { value: '' }, prompt));
    for (const option of options) {
      select.appendChild(element('option', { value: String(option.key) }, label(option)));
    }
    row.append(element('span', { class: 'vc-quizform-select-name' }, name), select);
    parent.appendChild(row);
  }

  private table(parent: HTMLElement, type: 'radio' | 'checkbox'): void {
    const spec = this.spec;
    const scroll = element('div', { class: 'vc-quizform-scroll' });
    const table = element('table', { class: 'vc-quizform-matrix' });
    const head = element('tr');
    head.appendChild(element('th', { scope: 'col' }, spec.rows![0] ? 'Row' : ''));
    for (const column of spec.columns!) {
      head.appendChild(element('th', { scope: 'col' }, label(column)));
    }
    table.appendChild(element('thead')).appendChild(head);
    const body = table.appendChild(element('tbody'));
    for (const row of spec.rows!) {
      const tr = body.appendChild(element('tr'));
      tr.appendChild(element('th', { scope: 'row' }, label(row)));
      for (const column of spec.columns!) {
        const cell = tr.appendChild(element('td'));
        const input = this.add(
          element('input', {
            type,
            name: `${this.uid}-row-${row.key}`,
            value: String(column.key),
            'aria-label': `${label(column)}, for row ${label(row)}`
          }),
          String(row.key)
        );
        cell.appendChild(input);
      }
    }
    scroll.appendChild(table);
    parent.appendChild(scroll);
  }

  private typed(parent: HTMLElement, name: string, input: HTMLInputElement | HTMLTextAreaElement, after = ''): void {
    const row = element('label', { class: 'vc-quizform-typed' });
    row.append(element('span', {}, name), this.add(input, ''));
    if (after) {
      row.appendChild(element('span', { class: 'vc-quizform-unit' }, after));
    }
    parent.appendChild(row);
  }

  private build(): void {
    const spec = this.spec;
    const box = this.fieldset;
    switch (spec.kind) {
      case 'single':
        this.choiceList(box, '', spec.options!, 'radio');
        break;
      case 'multiple':
      case 'highlight':
        this.choiceList(box, '', spec.options!, 'checkbox');
        break;
      case 'ordering':
        for (const slot of slots(spec)) {
          this.select(box, slot, `Position ${slot}`, spec.options!, 'Choose the letter for this position');
        }
        break;
      case 'matrix':
        this.table(box, 'radio');
        break;
      case 'matrix-multiple':
        this.table(box, 'checkbox');
        break;
      case 'cloze':
        for (const row of spec.rows!) {
          this.select(box, String(row.key), row.text, slotOptions(spec, String(row.key)), 'Choose an option');
        }
        break;
      case 'bowtie':
        for (const group of spec.groups!) {
          const inner = element('fieldset', { class: 'vc-quizform-group' });
          inner.appendChild(element('legend', {}, `${group.label} (choose ${group.choose})`));
          this.choiceList(inner, group.key, group.options, group.choose === 1 ? 'radio' : 'checkbox');
          box.appendChild(inner);
        }
        break;
      case 'number':
        this.typed(
          box,
          spec.unit ? `Your answer, in ${spec.unit}` : 'Your answer, a number',
          element('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' }),
          spec.unit ?? ''
        );
        break;
      case 'ceap':
        this.typed(
          box,
          `Your CEAP code, laid out like ${spec.hint ?? 'C1 Es An Pn'}`,
          element('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' })
        );
        break;
      case 'text':
        this.typed(box, 'Your answer', element('textarea', { rows: '6' }));
        break;
    }
  }
}
