/* Saving the book for offline reading, visibly.

   sw.js (written by the build, venous_course_tools/book/offline.py) caches the whole book.
   This module registers it once the page has loaded, except when the browser asks to save
   data (navigator.connection.saveData, the setting behind the Save-Data header): then the
   reader is asked first. A small indicator in the page's top bar says whether the course is
   saved, its size and when saving finished; elements marked data-vc-offline-status (the
   how-to page) say the same in a sentence. */

const ROOT = new URL(document.documentElement.dataset.content_root || "./", location.href);
const CONSENT_KEY = "venous-course-offline";
const SAVED_ENTRY = "offline-saved.json"; // offline.py's SAVED_ENTRY, put there by sw.js

function megabytes(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

function when(ms) {
  return new Date(ms).toLocaleString(document.documentElement.lang || undefined, {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

function readConsent() {
  try {
    return window.localStorage.getItem(CONSENT_KEY) === "yes";
  } catch {
    return false;
  }
}

function writeConsent() {
  try {
    window.localStorage.setItem(CONSENT_KEY, "yes");
  } catch {
    // Without storage the reader is asked again on the next page: nothing else to do.
  }
}

function makeIndicator() {
  const details = document.createElement("details");
  details.className = "vc-offline";
  details.id = "vc-offline";
  details.innerHTML =
    '<summary class="vc-offline-badge"></summary><div class="vc-offline-panel">' +
    '<p class="vc-offline-sentence" data-vc-offline-status></p></div>';
  const bar = document.querySelector(".bd-header-article .header-article-items__start");
  if (bar) {
    const slot = document.createElement("div");
    slot.className = "header-article-item";
    slot.appendChild(details);
    bar.appendChild(slot);
  } else {
    (document.querySelector("article.bd-article") || document.body).prepend(details);
  }
  return details;
}

const indicator = makeIndicator();

/** Show one state: `badge` is the short word in the bar, `sentence` the whole story. */
function show(state, badge, sentence) {
  indicator.dataset.state = state;
  indicator.querySelector(".vc-offline-badge").textContent = badge;
  document.querySelectorAll("[data-vc-offline-status]").forEach((element) => {
    element.textContent = sentence;
    element.dataset.state = state;
  });
}

async function readManifest() {
  try {
    const response = await fetch(new URL("offline.json", ROOT), { cache: "no-cache" });
    return response.ok ? await response.json() : null;
  } catch {
    return null; // offline with no copy: the size is simply not said
  }
}

async function savedAt(manifest) {
  if (!manifest || !(await caches.has(manifest.cache))) return null;
  const cache = await caches.open(manifest.cache);
  const entry = await cache.match(new URL(SAVED_ENTRY, ROOT).href);
  if (!entry) return null;
  try {
    return (await entry.json()).finished;
  } catch {
    return null;
  }
}

async function describe(registration, manifest) {
  const size = manifest ? ` (${megabytes(manifest.bytes)})` : "";
  const finished = await savedAt(manifest);
  if (finished) {
    show(
      "saved",
      "\u2713 Saved offline",
      `This course is saved for offline reading on this device: ${megabytes(manifest.bytes)}, ` +
        `saving finished ${when(finished)}.`,
    );
  } else if (registration && (registration.installing || registration.waiting)) {
    show("saving", "Saving offline\u2026", `Saving this course for offline reading${size}\u2026`);
  } else {
    show("not-saved", "Not saved offline", `This course is not saved for offline reading yet${size}.`);
  }
}

function follow(registration, manifest) {
  const watch = (worker) => {
    if (worker) worker.addEventListener("statechange", () => describe(registration, manifest));
  };
  watch(registration.installing);
  watch(registration.waiting);
  registration.addEventListener("updatefound", () => {
    watch(registration.installing);
    describe(registration, manifest);
  });
  describe(registration, manifest);
}

async function register(manifest) {
  try {
    const registration = await navigator.serviceWorker.register(new URL("sw.js", ROOT), {
      scope: ROOT.href,
    });
    follow(registration, manifest);
  } catch (error) {
    show("unavailable", "Not saved offline", `This browser could not save the course for offline reading (${error}).`);
  }
}

function ask(manifest) {
  const size = manifest ? ` (${megabytes(manifest.bytes)})` : "";
  show(
    "ask",
    "Save offline?",
    `Your browser asks to save data, so this course is not saved for offline reading until you say so${size}.`,
  );
  const button = document.createElement("button");
  button.type = "button";
  button.className = "vc-offline-save";
  button.textContent = `Save the course for offline reading${size}`;
  button.addEventListener("click", () => {
    writeConsent();
    button.remove();
    show("saving", "Saving offline\u2026", `Saving this course for offline reading${size}\u2026`);
    register(manifest);
  });
  indicator.querySelector(".vc-offline-panel").appendChild(button);
  indicator.open = true;
}

async function start() {
  if (!/^https?:$/.test(location.protocol)) {
    show("files", "Offline", "Opened from files on this device: the course needs no network.");
    return;
  }
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    show("unavailable", "Not saved offline", "This browser cannot save the course for offline reading.");
    return;
  }
  const manifest = await readManifest();
  const existing = await navigator.serviceWorker.getRegistration(ROOT.href);
  const saveData = Boolean(navigator.connection && navigator.connection.saveData);
  if (saveData && !existing && !readConsent()) {
    ask(manifest);
    return;
  }
  if (existing) describe(existing, manifest);
  // After the page has loaded: saving the book must not slow the first figure down.
  if (document.readyState === "complete") register(manifest);
  else window.addEventListener("load", () => register(manifest));
}

show("checking", "Offline\u2026", "Checking whether this course is saved for offline reading\u2026");
start();
