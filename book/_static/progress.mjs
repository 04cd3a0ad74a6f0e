/* The reader's progress, kept in this browser's localStorage on this device, never sent.

   On every page: the navigation marks the modules whose self-checks were all tried. On a
   module page: "3 of 5 self-checks done" under the title, and each self-check shows the
   reader's previous answer again (the face's "vc-selfcheck-restore" event). On the home page:
   how many questions are due for review today. On the Review page: the questions due today,
   answered in place, and export, import and reset of the progress.
   Where storage is unavailable (a private window, storage full) the page says so once and
   works without memory; an unreadable stored value is discarded with a sentence.
   The book build hands this module data only: the course index (#vc-course-index). */

import {
  answeredCount,
  comingBack,
  dayNumber,
  doneCount,
  emptyState,
  exportText,
  importState,
  markSeen,
  MAX_FILE_BYTES,
  moduleDone,
  parseState,
  recordAnswer,
  reviewQueue,
  status,
  storedText,
} from "./progress-core.mjs";

const KEY = "venous-course-progress";
const PLURAL = (n, one, many) => `${n} ${n === 1 ? one : many}`;

const STATUS_WORDS = {
  untried: "not tried yet",
  "right-first": "right at the first try",
  "right-later": "right, after an earlier wrong answer",
  wrong: "wrong",
};
const WHY_WORDS = {
  wrong: (when) => `You answered this wrong on ${when}.`,
  untried: () => "You have not tried this one yet.",
  due: (when) => `You answered this right on ${when}; it is due again today.`,
};

const STORAGE_OFF =
  "This browser does not let the course remember your answers (storage is switched off or " +
  "full, as in a private window): the self-checks still work, but nothing is kept after " +
  "you leave the page.";
const STORAGE_UNREADABLE =
  "Your saved progress on this device could not be read, so it was discarded; answers " +
  "from now on are remembered again.";
const SOME_UNREADABLE = (n) =>
  `${PLURAL(n, "remembered answer", "remembered answers")} could not be read and ` +
  `${n === 1 ? "was" : "were"} discarded; the rest of your progress is kept.`;

/* ---------------------------------------------------------------- storage, said once */

function openStorage() {
  try {
    const storage = window.localStorage;
    const probe = KEY + "-probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

const memory = {
  storage: openStorage(),
  state: emptyState(),
  notices: [],
  storageOffSaid: false,
};

function notice(text) {
  if (memory.notices.includes(text)) return;
  memory.notices.push(text);
  const box = noticeBox();
  if (!box) return;
  const line = document.createElement("p");
  line.textContent = text;
  box.appendChild(line);
  box.hidden = false;
}

function storageOff() {
  memory.storage = null;
  if (!memory.storageOffSaid) {
    memory.storageOffSaid = true;
    notice(STORAGE_OFF);
  }
}

function load() {
  if (!memory.storage) {
    storageOff();
    return;
  }
  let text = null;
  try {
    text = memory.storage.getItem(KEY);
  } catch {
    storageOff();
    return;
  }
  if (text === null) return;
  const read = parseState(text);
  if (!read.state) {
    notice(STORAGE_UNREADABLE);
    try {
      memory.storage.removeItem(KEY);
    } catch {
      storageOff();
    }
    return;
  }
  memory.state = read.state;
  if (read.dropped) {
    notice(SOME_UNREADABLE(read.dropped));
    save();
  }
}

function save() {
  if (!memory.storage) return;
  try {
    memory.storage.setItem(KEY, storedText(memory.state));
  } catch {
    storageOff();
  }
}

/* ---------------------------------------------------------------- the page and the index */

function readIndex() {
  const script = document.getElementById("vc-course-index");
  try {
    return JSON.parse(script.textContent);
  } catch {
    return null;
  }
}

function rootUrl() {
  return new URL(document.documentElement.dataset.content_root || "./", location.href);
}

/** The page's docname ("modules/04-contraindications"), from its address. */
function pageName() {
  const root = rootUrl().pathname;
  let path = decodeURIComponent(location.pathname);
  path = path.startsWith(root) ? path.slice(root.length) : path;
  if (path === "" || path.endsWith("/")) path += "index";
  return path.replace(/\.html$/, "");
}

function pageUrl(docname, anchor) {
  const url = new URL(docname + ".html", rootUrl());
  if (anchor) url.hash = anchor;
  return url.href;
}

function articleTitle() {
  // Not the theme's print-only copy of the title (#jb-print-docs-body), which comes first.
  return document.querySelector("article.bd-article h1") || document.querySelector("h1");
}

function insertAfterTitle(element) {
  const title = articleTitle();
  if (title) title.insertAdjacentElement("afterend", element);
  else (document.querySelector("article.bd-article") || document.body).prepend(element);
}

/** The paragraph with this id (and class) right under the page's title, made once. */
function lineUnderTitle(id) {
  let line = document.getElementById(id);
  if (!line) {
    line = document.createElement("p");
    line.id = line.className = id;
    insertAfterTitle(line);
  }
  return line;
}

function noticeBox() {
  let box = document.getElementById("vc-progress-notice");
  if (!box && document.body) {
    box = document.createElement("div");
    box.id = "vc-progress-notice";
    box.className = "vc-progress-notice";
    box.setAttribute("role", "status");
    box.hidden = true;
    insertAfterTitle(box);
  }
  return box;
}

function dateWords(ms) {
  return new Date(ms).toLocaleDateString(document.documentElement.lang || undefined, {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
}

function dayWords(day, today) {
  if (day === today + 1) return "tomorrow";
  return `in ${day - today} days`;
}

/** "Your answer from 6 December 2026, remembered on this device: wrong. Back for review
    tomorrow." */
function previousWords(record, today) {
  if (!record || record.tries === 0) return "";
  const when = dateWords(record.at);
  const back = record.due <= today ? "Due for review today." : `Back for review ${dayWords(record.due, today)}.`;
  return `Your answer from ${when}, remembered on this device: ${STATUS_WORDS[status(record)]}. ${back}`;
}

/* ---------------------------------------------------------------- what every page shows */

function markNavigation(index) {
  const done = new Set(
    Object.entries(index.modules)
      .filter(([, module]) => moduleDone(memory.state, module.items))
      .map(([doc]) => pageUrl(doc)),
  );
  document.querySelectorAll("nav a.reference.internal").forEach((link) => {
    const target = new URL(link.href, location.href);
    target.hash = "";
    const isDone = done.has(target.href);
    const mark = link.querySelector(".vc-done-mark");
    if (isDone && !mark) {
      const span = document.createElement("span");
      span.className = "vc-done-mark";
      span.innerHTML = ' <span aria-hidden="true">\u2713</span>';
      const words = document.createElement("span");
      words.className = "vc-visually-hidden";
      words.textContent = " (self-checks done)";
      span.appendChild(words);
      link.appendChild(span);
    } else if (!isDone && mark) {
      mark.remove();
    }
  });
}

function moduleLine(index, page) {
  const items = index.modules[page].items;
  if (!items.length) return;
  const line = lineUnderTitle("vc-module-progress");
  const done = doneCount(memory.state, items);
  line.textContent =
    `${done} of ${PLURAL(items.length, "self-check", "self-checks")} done` +
    (done === items.length ? ": this module is complete." : ".");
}

function previousLine(face, now) {
  let line = face.previousElementSibling;
  if (!line || !line.classList.contains("vc-previous")) {
    line = document.createElement("p");
    line.className = "vc-previous";
    face.insertAdjacentElement("beforebegin", line);
  }
  const text = previousWords(memory.state.items[face.dataset.item], dayNumber(now));
  line.textContent = text;
  line.hidden = !text;
}

function dueLine(index, now) {
  const line = lineUnderTitle("vc-due-today");
  const count = reviewQueue(memory.state, Object.keys(index.items), now).length;
  line.textContent = "";
  const words =
    count === 0
      ? "No questions are due for review today. "
      : `${PLURAL(count, "question is", "questions are")} due for review today: `;
  line.append(words);
  if (index.review) {
    const link = document.createElement("a");
    link.href = pageUrl(index.review);
    link.textContent = count === 0 ? "Review" : "open the Review page";
    line.append(link);
    line.append(count === 0 ? " brings back the self-checks you answer, on a spaced schedule." : ".");
  }
}

/* ---------------------------------------------------------------- the Review page */

function reviewPage(index, now) {
  const status = document.getElementById("vc-review-status");
  const list = document.querySelector(".vc-review-items");
  if (!status || !list) return;
  const known = Object.keys(index.items);
  const queue = reviewQueue(memory.state, known, now);
  const sections = new Map(
    [...list.querySelectorAll(".vc-review-item")].map((s) => [s.dataset.item, s]),
  );
  sections.forEach((section) => (section.hidden = true));
  for (const { item, why } of queue) {
    const section = sections.get(item);
    if (!section) continue;
    const record = memory.state.items[item];
    section.querySelector(".vc-review-why").textContent = WHY_WORDS[why](
      record.tries ? dateWords(record.at) : "",
    );
    list.appendChild(section); // the queue's order
    section.hidden = false;
  }
  status.textContent = reviewSummary(queue, comingBack(memory.state, known, now), dayNumber(now));
  tools(index);
}

function reviewSummary(queue, later, today) {
  const counts = { wrong: 0, untried: 0, due: 0 };
  queue.forEach(({ why }) => (counts[why] += 1));
  const parts = [];
  if (counts.wrong) parts.push(`${counts.wrong} answered wrong`);
  if (counts.untried) parts.push(`${counts.untried} not tried yet`);
  if (counts.due) parts.push(`${counts.due} answered right and due again`);
  let text = queue.length
    ? `${PLURAL(queue.length, "question", "questions")} to review today: ${parts.join(", ")}.`
    : "Nothing to review today.";
  if (later.length) {
    const next = later[0];
    text += ` Coming back ${dayWords(next.day, today)}: ${PLURAL(next.count, "question", "questions")}.`;
  } else if (!queue.length) {
    text += " Answer the self-checks in the modules: they come back here on a spaced schedule.";
  }
  return text;
}

function progressSummary(index) {
  const modules = Object.values(index.modules).filter((m) => m.items.length);
  const complete = modules.filter((m) => moduleDone(memory.state, m.items)).length;
  const answered = doneCount(memory.state, Object.keys(index.items));
  return (
    `You have tried ${answered} of ${PLURAL(Object.keys(index.items).length, "self-check", "self-checks")}` +
    ` and completed ${complete} of ${PLURAL(modules.length, "module", "modules")}.`
  );
}

function say(text) {
  const message = document.getElementById("vc-progress-message");
  if (message) message.textContent = text;
}

/** Ask on the page itself (keyboard and screen-reader friendly); resolves true or false. */
function confirmOnPage(question, yes, no) {
  const box = document.getElementById("vc-confirm");
  const yesButton = document.getElementById("vc-confirm-yes");
  const noButton = document.getElementById("vc-confirm-no");
  document.getElementById("vc-confirm-question").textContent = question;
  yesButton.textContent = yes;
  noButton.textContent = no;
  box.hidden = false;
  noButton.focus();
  return new Promise((resolve) => {
    const answer = (value) => () => {
      box.hidden = true;
      yesButton.onclick = noButton.onclick = null;
      resolve(value);
    };
    yesButton.onclick = answer(true);
    noButton.onclick = answer(false);
  });
}

const IMPORT_PROBLEMS = {
  unreadable: "is not a progress file of this course (it cannot be read as one)",
  "not-progress": "is not a progress file of this course",
  "too-large": "is too large to be a progress file of this course",
};

function tools(index) {
  const box = document.getElementById("vc-progress-tools");
  if (!box) return;
  box.hidden = false;
  document.getElementById("vc-progress-summary").textContent = progressSummary(index);
  if (box.dataset.ready) return;
  box.dataset.ready = "1";
  const refresh = () => render(index, new Date());
  document.getElementById("vc-export").addEventListener("click", () => {
    const now = new Date();
    const blob = new Blob([exportText(memory.state, now)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `venous-course-progress-${now.toISOString().slice(0, 10)}.json`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    const n = answeredCount(memory.state);
    say(`Saved ${PLURAL(n, "answered self-check", "answered self-checks")} to ${link.download}.`);
  });
  const input = document.getElementById("vc-import");
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    const read =
      file.size > MAX_FILE_BYTES ? { state: null, problem: "too-large" } : importState(await file.text());
    if (!read.state) {
      say(`${file.name} ${IMPORT_PROBLEMS[read.problem]}: nothing was changed.`);
      return;
    }
    if (answeredCount(memory.state) > 0) {
      const replace = await confirmOnPage(
        `Replace the progress on this device by the one in ${file.name}?`,
        "Yes, replace it",
        "No, keep this device's progress",
      );
      if (!replace) {
        say("Nothing was changed.");
        return;
      }
    }
    memory.state = read.state;
    save();
    refresh();
    const n = answeredCount(read.state);
    let text = `Loaded ${PLURAL(n, "answered self-check", "answered self-checks")} from ${file.name}.`;
    if (read.dropped) text += ` ${read.dropped} unreadable record(s) in the file were left out.`;
    if (!memory.storage) text += " This browser cannot keep them after you leave the page.";
    say(text);
  });
  document.getElementById("vc-reset").addEventListener("click", async () => {
    const sure = await confirmOnPage(
      "Delete every answer this device remembers? This cannot be undone (save a file first to keep a copy).",
      "Yes, delete all progress",
      "No, keep it",
    );
    document.getElementById("vc-reset").focus();
    if (!sure) {
      say("Nothing was deleted.");
      return;
    }
    memory.state = emptyState();
    if (memory.storage) {
      try {
        memory.storage.removeItem(KEY);
      } catch {
        storageOff();
      }
    }
    refresh();
    say("All progress on this device was deleted.");
  });
}

/* ---------------------------------------------------------------- putting it together */

function faces() {
  return [...document.querySelectorAll(".vc-selfcheck[data-item]")];
}

function render(index, now) {
  const page = pageName();
  markNavigation(index);
  if (index.modules[page]) moduleLine(index, page);
  if (page === index.home) dueLine(index, now);
  if (page === index.review) reviewPage(index, now);
  // The Review page says why each question is back instead (until it is answered there).
  else faces().forEach((face) => previousLine(face, now));
}

function start() {
  const index = readIndex();
  if (!index) return;
  load();
  const now = new Date();
  const page = pageName();
  if (index.modules[page]) {
    memory.state = markSeen(memory.state, index.modules[page].items, now);
    save();
  }
  const onReview = page === index.review;
  faces().forEach((face) => {
    const record = memory.state.items[face.dataset.item];
    // On the Review page an item is asked afresh; on its module page it shows the last answer.
    if (!onReview && record && record.tries > 0) {
      face.dispatchEvent(new CustomEvent("vc-selfcheck-restore", { detail: { answer: record.answer } }));
    }
  });
  document.addEventListener("vc-selfcheck-answered", (event) => {
    const { item, right, answer } = event.detail || {};
    if (!(item in index.items) || typeof right !== "boolean") return;
    const when = new Date();
    memory.state = recordAnswer(memory.state, item, right, answer, when);
    save();
    const page = pageName();
    markNavigation(index);
    if (index.modules[page]) moduleLine(index, page);
    const face = event.target.closest(".vc-selfcheck");
    if (face) previousLine(face, when);
    if (page === index.review) {
      // The answered item stays in view with its feedback; only the counts change.
      const known = Object.keys(index.items);
      document.getElementById("vc-review-status").textContent = reviewSummary(
        reviewQueue(memory.state, known, when),
        comingBack(memory.state, known, when),
        dayNumber(when),
      );
      document.getElementById("vc-progress-summary").textContent = progressSummary(index);
    }
  });
  render(index, now);
}

start();
