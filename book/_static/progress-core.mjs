/* The reader's progress, as pure functions: no page, no storage, no clock of their own.

   progress.mjs (the page side) keeps the state in localStorage on the reader's device and
   passes the time in; tests call these functions with a fixed clock.

   A state is {version: 1, items: {"04-lena": record}}. A record says what happened to one
   self-check on this device:
     tries   how many times it was checked (0: shown on a page the reader opened, not tried)
     wrong   how many of those answers were wrong
     last    "right" or "wrong", the latest answer
     box     its Leitner box, 1 to 4 (0 before the first answer)
     due     the local calendar day (days since 1970-01-01) it is due for review again
     at      when it was last answered (milliseconds since 1970, the reader's clock)
     answer  the latest answer (option indices, or the steps in the order given)

   The schedule (Leitner): a right answer moves an item up a box, a wrong one back to box 1;
   an item in box n comes back INTERVAL_DAYS[n - 1] days after it was answered. A right answer
   to an item that is not due yet (practising early) leaves it where it is, so answering
   again at once after a wrong answer does not skip the next day's review. */

export const VERSION = 1;
export const FILE_KIND = "venous-course-progress";
export const INTERVAL_DAYS = [1, 3, 7, 21];
const TOP_BOX = INTERVAL_DAYS.length;
const ITEM_ID = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ANSWER_PARTS = 50;
const MAX_TEXT = 1000;
const MAX_TRIES = 1e6;
export const MAX_FILE_BYTES = 1_000_000;

/** An empty state: nothing remembered yet. */
export function emptyState() {
  return { version: VERSION, items: {} };
}

/** The local calendar day of a Date, as a whole number of days since 1970-01-01. */
export function dayNumber(date) {
  return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86400000);
}

/** The state with one more answer to an item: right (true) or wrong, at the Date `now`. */
export function recordAnswer(state, itemId, right, answer, now) {
  const today = dayNumber(now);
  const before = state.items[itemId] || { tries: 0, wrong: 0, box: 0, due: today };
  const isDue = before.tries === 0 || before.due <= today;
  let box = before.box;
  let due = before.due;
  if (!right) {
    box = 1;
    due = today + INTERVAL_DAYS[0];
  } else if (isDue) {
    box = Math.min(before.box + 1, TOP_BOX);
    due = today + INTERVAL_DAYS[box - 1];
  }
  const record = {
    tries: before.tries + 1,
    wrong: before.wrong + (right ? 0 : 1),
    last: right ? "right" : "wrong",
    box,
    due,
    at: now.getTime(),
    answer,
  };
  return { ...state, items: { ...state.items, [itemId]: record } };
}

/** The state with these items marked as shown (not tried) where nothing is remembered yet. */
export function markSeen(state, itemIds, now) {
  const fresh = itemIds.filter((id) => ITEM_ID.test(id) && !state.items[id]);
  if (!fresh.length) return state;
  const items = { ...state.items };
  for (const id of fresh) items[id] = { tries: 0, wrong: 0, box: 0, due: dayNumber(now) };
  return { ...state, items };
}

/** "untried", "right-first" (right at the first try), "right-later" or "wrong". */
export function status(record) {
  if (!record || record.tries === 0) return "untried";
  if (record.last === "wrong") return "wrong";
  return record.wrong === 0 ? "right-first" : "right-later";
}

/** How many of these items were tried at least once. */
export function doneCount(state, itemIds) {
  return itemIds.filter((id) => status(state.items[id]) !== "untried").length;
}

/** True when every one of a module's items was tried (a module with none is not "done"). */
export function moduleDone(state, itemIds) {
  return itemIds.length > 0 && doneCount(state, itemIds) === itemIds.length;
}

/** What the Review page shows today, in order: {item, why} with why "wrong" (answered wrong,
    now due), "untried" (shown on a page, never answered) or "due" (answered right, due again).
    Only items of `knownIds` (the course as built) are listed, in the order given there. */
export function reviewQueue(state, knownIds, now) {
  const today = dayNumber(now);
  const groups = { wrong: [], untried: [], due: [] };
  for (const id of knownIds) {
    const record = state.items[id];
    if (!record) continue;
    const kind = status(record);
    if (kind === "untried") groups.untried.push(id);
    else if (record.due <= today) groups[kind === "wrong" ? "wrong" : "due"].push(id);
  }
  return [
    ...groups.wrong.map((item) => ({ item, why: "wrong" })),
    ...groups.untried.map((item) => ({ item, why: "untried" })),
    ...groups.due.map((item) => ({ item, why: "due" })),
  ];
}

/** Answered items not due today, by the day they come back: [{day, count}], soonest first. */
export function comingBack(state, knownIds, now) {
  const today = dayNumber(now);
  const byDay = new Map();
  for (const id of knownIds) {
    const record = state.items[id];
    if (!record || record.tries === 0 || record.due <= today) continue;
    byDay.set(record.due, (byDay.get(record.due) || 0) + 1);
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, count]) => ({ day, count }));
}

function isCount(value, max) {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function cleanAnswer(answer) {
  if (!Array.isArray(answer) || answer.length > MAX_ANSWER_PARTS) return undefined;
  const allIndices = answer.every((part) => isCount(part, MAX_ANSWER_PARTS));
  const allSteps = answer.every((part) => typeof part === "string" && part.length <= MAX_TEXT);
  return allIndices || allSteps ? [...answer] : undefined;
}

/** A record as stored, checked field by field; null when any field is not what it must be. */
export function cleanRecord(raw) {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const { tries, wrong, box, due } = raw;
  if (!isCount(tries, MAX_TRIES) || !isCount(wrong, tries) || !isCount(box, TOP_BOX)) return null;
  if (!Number.isInteger(due) || Math.abs(due) > 1e7) return null;
  if (tries === 0) return { tries: 0, wrong: 0, box: 0, due };
  const answer = cleanAnswer(raw.answer);
  if (box < 1 || !["right", "wrong"].includes(raw.last) || answer === undefined) return null;
  if (!Number.isFinite(raw.at)) return null;
  return { tries, wrong, last: raw.last, box, due, at: raw.at, answer };
}

/** Read a stored or exported text: {state, dropped} where `dropped` counts the records that
    were unreadable and left out; {state: null, problem} when the text as a whole is not a
    progress state ("unreadable" JSON, or "not-progress"). */
export function parseState(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: null, problem: "unreadable" };
  }
  if (!data || typeof data !== "object" || data.version !== VERSION) {
    return { state: null, problem: "not-progress" };
  }
  if (!data.items || typeof data.items !== "object" || Array.isArray(data.items)) {
    return { state: null, problem: "not-progress" };
  }
  const state = emptyState();
  let dropped = 0;
  for (const [id, raw] of Object.entries(data.items)) {
    const record = ITEM_ID.test(id) ? cleanRecord(raw) : null;
    if (record) state.items[id] = record;
    else dropped += 1;
  }
  return { state, dropped };
}

/** The text kept in localStorage. */
export function storedText(state) {
  return JSON.stringify({ version: VERSION, items: state.items });
}

/** The text of an exported progress file (the stored state, named and dated). */
export function exportText(state, now) {
  return JSON.stringify(
    { kind: FILE_KIND, version: VERSION, exported: now.toISOString(), items: state.items },
    null,
    1,
  );
}

/** Read an imported file's text: like parseState, but the file must name itself a progress
    file of this course ("not-progress" otherwise) and be small ("too-large"). */
export function importState(text) {
  if (text.length > MAX_FILE_BYTES) return { state: null, problem: "too-large" };
  let kind;
  try {
    kind = JSON.parse(text).kind;
  } catch {
    return { state: null, problem: "unreadable" };
  }
  if (kind !== FILE_KIND) return { state: null, problem: "not-progress" };
  return parseState(text);
}

/** How many items were answered at least once (what an export or import carries). */
export function answeredCount(state) {
  return Object.values(state.items).filter((record) => record.tries > 0).length;
}
