// The desk's only script: the drop zone puts dropped files into the file
// picker and sends the form; the board reloads when the year changes under it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const form = document.getElementById("upload");
  if (drop && input && form) {
    const stop = (e) => { e.preventDefault(); e.stopPropagation(); };
    ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { stop(e); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, (e) => { stop(e); drop.classList.remove("over"); }));
    drop.addEventListener("drop", (e) => {
      if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
      input.files = e.dataTransfer.files;
      form.submit();
    });
  }
  const stamp = document.body.dataset.stamp;
  if (stamp) {
    setInterval(() => {
      fetch("/stamp", { credentials: "same-origin" })
        .then((r) => (r.ok ? r.text() : stamp))
        // Files chosen but not yet sent stay chosen: the page waits for them.
        .then((now) => { if (now && now !== stamp && !(input && input.files && input.files.length > 0)) location.reload(); })
        .catch(() => {});
    }, 2000);
  }
});
