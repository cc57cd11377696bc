// Import (pick the file and its format, dry run first, then run as a job with progress and a
// report) and export (download the site as Parley JSON).
"use strict";

(() => {
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });
  const $ = (selector) => document.querySelector(selector);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let checked = null; // the file and format the last dry run accepted

  function upload(form) {
    const data = new FormData();
    data.append("file", form.elements.namedItem("file").files[0]);
    return data;
  }

  const counts = (record) => Object.entries(record || {}).map(([reason, n]) => `${reason} ${n}`).join(", ");

  function report(result, title) {
    const rows = [
      ["Comments", result.comments],
      ["Threads created", result.threads_created],
      ["Threads that already existed", result.threads_existing],
      ["Votes", result.votes],
      ["Comments skipped", counts(result.skipped) || "none"],
      ["Comments adjusted", counts(result.adjusted) || "none"],
      ["Threads skipped", counts(result.threads_skipped) || "none"],
    ];
    const list = document.createElement("dl");
    for (const [name, value] of rows) list.append(bridge.text("dt", name), bridge.text("dd", String(value ?? 0)));
    const box = $("#import-report");
    box.replaceChildren(bridge.text("h3", title), list);
    box.hidden = false;
  }

  async function dryRun(form) {
    const file = form.elements.namedItem("file").files[0];
    const format = form.elements.namedItem("format").value;
    if (!file) throw new Error("Choose a file first.");
    const params = new URLSearchParams({ format, dry_run: "true" });
    const response = await bridge.raw("POST", bridge.sitePath(`/import?${params}`), upload(form));
    const result = await response.json();
    report(result, `Dry run of ${file.name}: nothing was written`);
    checked = { file, format };
    $("#import-run").disabled = false;
    bridge.say(`Dry run: ${bridge.plural(result.comments, "comment")} would be imported. Run the import to write them.`);
  }

  async function run(form) {
    const file = form.elements.namedItem("file").files[0];
    const format = form.elements.namedItem("format").value;
    if (!checked || checked.file !== file || checked.format !== format) {
      throw new Error("Make a dry run of this file first.");
    }
    $("#import-run").disabled = true;
    const params = new URLSearchParams({ format });
    let job = await (await bridge.raw("POST", bridge.sitePath(`/imports?${params}`), upload(form))).json();
    const bar = $("#import-bar");
    $("#import-progress").hidden = false;
    while (job.status === "queued" || job.status === "running") {
      bar.value = job.progress;
      bridge.say(`Importing: ${job.phase}, ${Math.round(job.progress * 100)}%`);
      await sleep(500);
      job = await bridge.api("GET", bridge.sitePath(`/imports/${job.id}`));
    }
    bar.value = 1;
    checked = null;
    if (job.status === "failed") throw new Error(`The import failed, nothing was written: ${job.error}`);
    report(job.report, `Imported ${file.name}`);
    bridge.say(`Import done: ${bridge.plural(job.report.comments, "comment")} imported.`);
  }

  async function download() {
    const response = await bridge.raw("GET", bridge.sitePath("/export"));
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${bridge.state.site}-parley-export.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    bridge.say("Export downloaded.");
  }

  function load() {
    $("#import-report").hidden = true;
    $("#import-progress").hidden = true;
    $("#import-run").disabled = true;
    checked = null;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = $("#import-form");
    form.addEventListener("submit", bridge.guard(() => dryRun(form)));
    form.addEventListener("change", () => {
      $("#import-run").disabled = true;
    });
    $("#import-run").addEventListener("click", bridge.guard(() => run(form)));
    $("#export").addEventListener("click", bridge.guard(download));
  });

  bridge.views.porting = { load, owner: true };
})();
