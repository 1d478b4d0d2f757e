// The paper editor: live counts of qualifying questions per section, adding sections,
// switching between blueprint and fixed questions.
"use strict";
(function () {
  const form = document.getElementById("paper-form");
  if (!form) return;
  const state = document.getElementById("preview-state");
  const rows = Array.from(form.querySelectorAll(".section-row"));
  let timer = null;
  let sequence = 0;

  function mode() {
    const checked = form.querySelector('input[name="mode"]:checked');
    return checked ? checked.value : "blueprint";
  }

  function field(row, name) {
    return row.querySelector('[name="s' + row.dataset.row + "_" + name + '"]');
  }

  function sectionOf(row) {
    const count = field(row, "count").value.trim();
    const used = ["name", "area", "type", "tags", "points"].some((n) => field(row, n).value.trim());
    if (!count && !used) return null;
    const section = { count: parseInt(count || "0", 10) };
    ["name", "area", "type"].forEach(function (n) {
      const value = field(row, n).value.trim();
      if (value) section[n] = value;
    });
    const tags = field(row, "tags").value.split(/[\s,，、]+/).filter(Boolean);
    if (tags.length) section.tags = tags;
    const levels = Array.from(row.querySelectorAll('input[type="checkbox"]:checked'));
    if (levels.length) section.difficulty = levels.map((c) => parseInt(c.value, 10));
    const points = field(row, "points").value.trim();
    if (points) section.points = parseFloat(points);
    return section;
  }

  function clearCounts() {
    rows.forEach((row) => {
      const cell = document.getElementById("count-" + row.dataset.row);
      cell.textContent = "—";
      cell.className = "count-cell";
    });
  }

  function show(text, kind) {
    state.textContent = text;
    state.className = "preview-state " + (kind || "");
  }

  async function refresh() {
    const body = {};
    const used = [];
    if (mode() === "fixed") {
      body.question_ids = form.question_ids.value.split(/[\s,，、]+/).filter(Boolean);
      if (!body.question_ids.length) return show("请填写题号。", "bad");
    } else {
      body.sections = [];
      rows.forEach((row) => {
        const section = sectionOf(row);
        if (section) {
          body.sections.push(section);
          used.push(row);
        }
      });
      if (!body.sections.length) return show("请至少填写一节的题数。", "bad");
      const wrong = body.sections.findIndex((s) => !(s.count >= 1 && s.count <= 200));
      if (wrong >= 0) return show("第 " + (Number(used[wrong].dataset.row) + 1) + " 节：题数须为 1–200 的整数。", "bad");
    }
    const mine = ++sequence;
    show("正在统计题库……");
    const result = await window.Kefu.postJson(form.dataset.previewUrl, body);
    if (mine !== sequence) return;
    clearCounts();
    if (!result.ok) return show(result.data.detail || "无法统计", "bad");
    result.data.sections.forEach(function (count, index) {
      const cell = document.getElementById("count-" + used[index].dataset.row);
      cell.textContent = "符合 " + count.qualifying + " 道" + (count.enough ? "" : "（不足 " + count.requested + "）");
      cell.className = "count-cell " + (count.enough ? "enough" : "short");
    });
    if (result.data.drawable) {
      show("可以组卷：共 " + result.data.question_count + " 道题。", "ok");
    } else {
      show("按当前题库无法组卷：" + result.data.problem, "bad");
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  function switchMode() {
    const fixed = mode() === "fixed";
    document.getElementById("blueprint-part").hidden = fixed;
    document.getElementById("fixed-part").hidden = !fixed;
    schedule();
  }

  const add = document.getElementById("add-section");
  if (add) {
    add.addEventListener("click", function () {
      const next = rows.find((row) => row.hidden);
      if (!next) return show("最多 " + rows.length + " 节。", "bad");
      next.hidden = false;
      field(next, "name").focus();
    });
  }
  form.querySelectorAll('input[name="mode"]').forEach((r) => r.addEventListener("change", switchMode));
  form.addEventListener("input", function (event) {
    if (event.target.closest("#blueprint-part, #fixed-part")) schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target.closest("#blueprint-part")) schedule();
  });
  refresh();
})();
